#!/usr/bin/env python3
"""make-corpus.py: writes the fuzzers' seed corpora from the tests' own inputs.

Run from the source root: tests/fuzz/make-corpus.py. Each seed is one file in
tests/fuzz/corpus/TARGET/, named by the SHA-1 of its content, as libFuzzer does.
The committed corpora are these seeds reduced to the ones that add coverage:
  fuzz-TARGET -merge=1 NEW-DIR tests/fuzz/corpus/TARGET
"""
import glob
import hashlib
import os
import re
import shutil

LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
ESCAPES = {'n': b'\n', 'r': b'\r', 't': b'\t', '\\': b'\\', '"': b'"', "'": b"'", '0': b'\0'}


def decode(body):
    out = bytearray()
    i = 0
    raw = body.encode('utf-8')
    while i < len(raw):
        c = raw[i:i + 1]
        if c != b'\\':
            out += c
            i += 1
            continue
        n = chr(raw[i + 1])
        if n == 'x':
            m = re.match(rb'[0-9a-fA-F]{1,2}', raw[i + 2:])
            out.append(int(m.group(0), 16))
            i += 2 + len(m.group(0))
        elif n == 'u':
            out += chr(int(raw[i + 2:i + 6], 16)).encode('utf-8')
            i += 6
        else:
            out += ESCAPES.get(n, n.encode())
            i += 2
    return bytes(out)


def literals(path):
    return list(_literals(path))


def _literals(path):
    """Every string literal, adjacent ones joined, per line of source"""
    text = open(path, encoding='utf-8').read()
    # join "a" "b" across spaces and line breaks
    for match in re.finditer(r'"(?:[^"\\\n]|\\.)*"(?:\s*"(?:[^"\\\n]|\\.)*")*', text):
        yield b''.join(decode(m.group(1)) for m in LITERAL.finditer(match.group(0)))


def write(target, seeds, limit=4096):
    directory = os.path.join('tests', 'fuzz', 'corpus', target)
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    for seed in sorted(set(seeds)):
        if 0 < len(seed) <= limit:
            name = hashlib.sha1(seed).hexdigest()
            with open(os.path.join(directory, name), 'wb') as out:
                out.write(seed)


def files(pattern):
    return sorted(glob.glob(pattern))


json_seeds = [s for f in files('tests/unit/test-json.c') + files('tests/server/test-*.c')
              for s in literals(f) if s.startswith(b'{')]
# the first byte of a JSON seed picks the entity type
write('json', [bytes([k]) + s for s in json_seeds for k in range(0, 12, 3)])

write('csv', [s for s in literals('tests/unit/test-csv.c') + literals('tests/server/test-import.c')
              if b',' in s or b'\n' in s])

write('condition', [s for f in files('tests/unit/test-condition.c') + files('tests/unit/test-workflow*.c')
                    for s in literals(f) if s and not s.startswith(b'/')])

write('workflow-definition', [open(f, 'rb').read() for f in files('schemas/workflows/*.json')
                              if not f.endswith('schema.json')] +
      [s for f in files('tests/unit/test-workflow-definition.c') for s in literals(f) if s.startswith(b'{')],
      limit=65536)

write('render-template', [open(f, 'rb').read() for f in files('schemas/templates/*.json')] +
      [s for s in literals('tests/unit/test-render-template.c') if s.startswith(b'{')], limit=65536)

paths = [s for f in files('tests/server/test-*.c') for s in literals(f) if s.startswith(b'/api/v1/')]
# the first byte of a router seed picks the method
write('router', [bytes([k]) + s for s in paths for k in range(7)])
