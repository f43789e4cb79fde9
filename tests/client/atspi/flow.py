#!/usr/bin/python3
# flow.py: drives the Rapport client through AT-SPI only, as a screen reader's
# user or an automation tool reaches it: sign in, search everything for an
# account, open it, change its phone, save, add a quote to it with one line
# (product, quantity, discount), save, submit it for approval.
#
# Widgets are found by role and accessible name, never by position or by
# GTK's internals; text is set through the EditableText interface, buttons
# are pressed through the Action interface, keys are sent through the
# registry (Atspi.generate_keyboard_event). Every wait polls with a deadline;
# a step that times out fails with its name and the accessible tree of the
# window (role and name, depth-limited) on stderr.
#
# test-atspi-flow.c starts the server, the session bus and the client, passes
# the server's address and the data to use in RAPPORT_FLOW_*, and checks what
# the server stored afterwards. stdout is not used: it carries the launcher's TAP.

import gettext
import os
import sys
import time

import pyatspi
from gi.repository import Atspi

DEADLINE = float (os.environ.get ('RAPPORT_FLOW_DEADLINE', '20'))
SERVER = os.environ['RAPPORT_FLOW_SERVER']
LOGIN = os.environ['RAPPORT_FLOW_LOGIN']
PASSWORD = os.environ['RAPPORT_FLOW_PASSWORD']
ACCOUNT = os.environ['RAPPORT_FLOW_ACCOUNT']
PHONE = os.environ['RAPPORT_FLOW_PHONE']
PRODUCT = os.environ['RAPPORT_FLOW_PRODUCT']
QUANTITY = os.environ['RAPPORT_FLOW_QUANTITY']
DISCOUNT = os.environ['RAPPORT_FLOW_DISCOUNT']

# the names are the client's own strings, translated from its catalog when
# the client runs in another language (RAPPORT_TEST_LANG, e.g. zh_CN)
if os.environ.get ('RAPPORT_TEST_LANG'):
    _ = gettext.translation ('rapport', os.environ['RAPPORT_LOCALEDIR'],
                             [os.environ['RAPPORT_TEST_LANG']]).gettext
else:
    _ = gettext.NullTranslations ().gettext


def shown (msgid):
    """a label with a mnemonic as it shows: "_Save" is "Save", and "保存(_S)" is "保存(S)" """
    return _(msgid).replace ('_', '')


def required (msgid):
    return _('%s (required)') % _(msgid)


def new_record (msgid):
    return _('New %s') % _(msgid)


def version (number):
    """the beginning of a record's "Version N · last changed …" line"""
    return _('Version %lld · last changed %s%s').replace ('%lld', str (number)).split ('%s')[0] + '…'

step_name = 'starting'
started = time.monotonic ()


def log (message):
    print ('# [%5.1fs] %s' % (time.monotonic () - started, message), file=sys.stderr, flush=True)


def step (name):
    global step_name
    step_name = name
    log ('step: ' + name)


# ---- the tree ----

def children (accessible):
    try:
        count = accessible.childCount
    except Exception:
        return []
    result = []
    for i in range (count):
        try:
            child = accessible.getChildAtIndex (i)
        except Exception:
            child = None
        if child is not None:
            result.append (child)
    return result


def parent_of (accessible):
    try:
        return accessible.parent
    except Exception:
        return None


def role_name (accessible):
    try:
        return accessible.getRoleName ()
    except Exception:
        return '?'


def name_of (accessible):
    try:
        return accessible.name or ''
    except Exception:
        return ''


def interfaces (accessible):
    try:
        return pyatspi.utils.listInterfaces (accessible)
    except Exception:
        return []


def extents_of (accessible):
    try:
        return accessible.queryComponent ().getExtents (pyatspi.WINDOW_COORDS)
    except Exception:
        return None


def never_shown (accessible):
    """@accessible has a geometry, and it is empty"""
    extents = extents_of (accessible)
    return extents is not None and (extents.width <= 0 or extents.height <= 0)


def on_screen (accessible):
    """@accessible has a place in its window

    GTK 4.8 reports every widget as visible, and a page that a stack no
    longer shows keeps its last geometry; only a widget never shown has
    none. Where a name is on several pages, find() takes the last one and
    says so; beside() takes the one nearest to what is known to show."""
    extents = extents_of (accessible)
    return extents is not None and extents.width > 0 and extents.height > 0


def walk (accessible, depth=0, max_depth=60):
    """@accessible and those under it, depth first, leaving out what never showed"""
    yield accessible
    if depth >= max_depth:
        return
    for child in children (accessible):
        if not never_shown (child):
            yield from walk (child, depth + 1, max_depth)


def application ():
    for app in children (pyatspi.Registry.getDesktop (0)):
        if name_of (app) == 'rapport':
            return app
    return None


def windows ():
    """the client's windows on screen (GTK 4.8 sets "showing" on windows only)"""
    app = application ()
    if app is None:
        return []
    return [w for w in children (app) if w.getState ().contains (pyatspi.STATE_SHOWING)]


def text_of (accessible):
    text = accessible.queryText ()
    return text.getText (0, text.characterCount)


def dump (accessible, max_depth=40):
    lines = []
    for node, depth in walk_depths (accessible, 0, max_depth):
        text = ''
        if 'Text' in interfaces (node):
            try:
                text = ' text=%r' % text_of (node)[:80]
            except Exception:
                pass
        lines.append ('%s%s %r%s' % ('  ' * depth, role_name (node), name_of (node), text))
    return lines


def walk_depths (accessible, depth, max_depth):
    yield accessible, depth
    if depth >= max_depth:
        return
    for child in children (accessible):
        if not never_shown (child):
            yield from walk_depths (child, depth + 1, max_depth)


def fail (what):
    log ('FAILED at step "%s": %s' % (step_name, what))
    for window in windows ():
        print ('# ---- the accessible tree of %s %r ----' % (role_name (window), name_of (window)), file=sys.stderr)
        for line in dump (window):
            print ('# ' + line, file=sys.stderr)
    sys.stderr.flush ()
    sys.exit (1)


def wait_for (what, probe, deadline=None):
    """polls @probe until it answers something true, failing after the deadline"""
    seconds = deadline or DEADLINE
    end = time.monotonic () + seconds
    while True:
        try:
            found = probe ()
        except Exception:
            found = None
        if found:
            return found
        if time.monotonic () > end:
            fail ('waited %gs for %s' % (seconds, what))
        time.sleep (0.1)


# ---- names ----

def named (accessible, name):
    """@accessible is called @name; a @name ending in "…" is the name's beginning"""
    have = name_of (accessible)
    if name.endswith ('…'):
        return have.startswith (name[:-1])
    return have == name


def find_all (role, name, root=None, interface=None):
    roots = [root] if root is not None else windows ()
    return [a for r in roots for a in walk (r)
            if role_name (a) == role and named (a, name) and on_screen (a)
            and (interface is None or interface in interfaces (a))]


def find (role, name, root=None, interface=None):
    """the last accessible of @role named @name: a page comes after the one
    it was opened from"""
    found = find_all (role, name, root, interface)
    if len (found) > 1:
        log ('%d of %s %r, taking the last' % (len (found), role, name))
    return found[-1] if found else None


def wait_find (role, name, root=None, interface=None):
    return wait_for ('a %s named %r' % (role, name), lambda: find (role, name, root, interface))


def beside (accessible, role, name, interface=None):
    """the accessible of @role named @name nearest to @accessible: in its
    parent, else in its grandparent, and so on"""
    parent = parent_of (accessible)
    while parent is not None:
        found = find_all (role, name, parent, interface)
        if found:
            return found[0]
        parent = parent_of (parent)
    return None


def wait_beside (accessible, role, name, interface=None):
    return wait_for ('a %s named %r near %s %r' % (role, name, role_name (accessible), name_of (accessible)),
                     lambda: beside (accessible, role, name, interface))


# ---- acting ----

def press (accessible):
    """the accessible's first action: click, press or activate"""
    action = accessible.queryAction ()
    if action.nActions < 1:
        fail ('%s %r has no action' % (role_name (accessible), name_of (accessible)))
    log ('press %s %r (%s)' % (role_name (accessible), name_of (accessible), action.getName (0)))
    action.doAction (0)


def set_text (accessible, text):
    log ('set %s %r to %r' % (role_name (accessible), name_of (accessible), text))
    accessible.queryEditableText ().setTextContents (text)
    wait_for ('%r to read %r' % (name_of (accessible), text), lambda: text_of (accessible) == text)


def wait_focus (accessible):
    """the keyboard focus is in @accessible, where the keys sent next go"""
    wait_for ('the focus in %s %r' % (role_name (accessible), name_of (accessible)),
              lambda: accessible.getState ().contains (pyatspi.STATE_FOCUSED))


KEYSYMS = { 'Return': 0xff0d }


def key (name):
    """a key pressed and released, sent through the registry"""
    log ('key ' + name)
    Atspi.generate_keyboard_event (KEYSYMS[name], None, Atspi.KeySynthType.SYM)


# ---- the flow ----

def main ():
    step ('sign in')
    wait_for ('the application "rapport" on the accessibility bus', application, 60)
    set_text (wait_find ('text', _('Server'), interface='EditableText'), SERVER)
    set_text (wait_find ('text', _('Login'), interface='EditableText'), LOGIN)
    set_text (wait_find ('text', _('Password'), interface='EditableText'), PASSWORD)
    press (wait_find ('push button', shown ('_Sign In'), interface='Action'))
    wait_find ('label', _('Signed in as %s') % (LOGIN + ' Name'))
    sections = wait_find ('list', _('Sections'))
    for section in ('Accounts', 'Quotes', 'Approvals'):
        wait_find ('list item', _(section), sections)

    step ('search everything for the account')
    press (wait_find ('push button', _('Search Everything'), interface='Action'))
    search = wait_find ('entry', _('Search everything'), interface='EditableText')
    set_text (search, ACCOUNT.split ()[0])
    results = wait_find ('list', _('Search results'))
    wait_find ('list item', (_('%s: %s %s') % (_('Accounts'), ACCOUNT, '')).strip () + '…', results)

    step ('open the account')
    wait_focus (search)
    key ('Return')
    name = wait_find ('text', required ('Name'), interface='EditableText')
    wait_for ('the account\'s name in its form', lambda: text_of (name) == ACCOUNT)

    step ('change the account\'s phone and save')
    set_text (wait_beside (name, 'text', _('Phone'), interface='EditableText'), PHONE)
    press (wait_find ('push button', shown ('_Save'), interface='Action'))
    wait_find ('label', version (2))

    step ('add a quote to the account')
    press (wait_find ('push button', _('Add %s') % _('Quote'), interface='Action'))
    heading = wait_find ('label', new_record ('Quote'))
    account = wait_beside (heading, 'list item', required ('Account'))
    # a drop-down of the form is named by its field, once
    wait_beside (heading, 'combo box', _('Currency'))
    wait_beside (account, 'label', ACCOUNT)
    press (wait_beside (heading, 'push button', shown ('_Add Line'), interface='Action'))
    lines = wait_beside (heading, 'tree table', _('Lines'))
    product = wait_find ('push button', _('Product'), lines, interface='Action')
    press (product)
    search = wait_beside (product, 'entry', _('Search'), interface='EditableText')
    set_text (search, PRODUCT)
    wait_beside (search, 'label', PRODUCT + '…')
    wait_focus (search)
    key ('Return')
    wait_find ('label', PRODUCT + '…', lines)
    set_text (wait_find ('text', _('Quantity'), lines, interface='EditableText'), QUANTITY)
    set_text (wait_find ('text', _('Discount (%)'), lines, interface='EditableText'), DISCOUNT)

    step ('save the quote')
    press (wait_beside (heading, 'push button', shown ('_Save'), interface='Action'))
    number = wait_beside (heading, 'label', 'Q-…')
    log ('saved as ' + name_of (number))
    wait_beside (number, 'label', _('Draft'))

    step ('submit the quote for approval')
    press (wait_beside (number, 'push button', shown ('_Submit'), interface='Action'))
    wait_beside (number, 'label', _('Pending approval'))
    log ('%s is pending approval' % name_of (number))


try:
    main ()
except SystemExit:
    raise
except Exception as error:
    import traceback
    traceback.print_exc (file=sys.stderr)
    fail ('%s: %s' % (type (error).__name__, error))
