-- 006-sales-documents: the product catalog, quotes and their lines, per-year
-- document numbers, and the archive of issued documents.

CREATE TABLE products (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version       INT UNSIGNED NOT NULL DEFAULT 1,
  created_at    DATETIME(6) NOT NULL,
  created_by    BIGINT UNSIGNED NULL,
  updated_at    DATETIME(6) NOT NULL,
  updated_by    BIGINT UNSIGNED NULL,
  archived      TINYINT(1) NOT NULL DEFAULT 0,
  code          VARCHAR(64) NOT NULL,
  name          VARCHAR(200) NOT NULL,
  specification VARCHAR(200) NULL,
  unit          VARCHAR(32) NULL,
  list_price    DECIMAL(18,4) NULL,
  currency      CHAR(3) NOT NULL,
  tax_rate      DECIMAL(7,4) NULL,
  category      VARCHAR(100) NULL,
  active        TINYINT(1) NULL DEFAULT 1,
  image_url     VARCHAR(500) NULL,
  description   TEXT NULL,
  -- a name and specification pair names one product; no specification is one value
  specification_key VARCHAR(200) AS (IFNULL(specification, '')) PERSISTENT,
  UNIQUE KEY products_code (code),
  UNIQUE KEY products_specification (name, specification_key),
  KEY products_archived (archived, id),
  KEY products_name (name, id),
  KEY products_category (category, id),
  KEY products_list_price (list_price, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE quotes (
  id                BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version           INT UNSIGNED NOT NULL DEFAULT 1,
  created_at        DATETIME(6) NOT NULL,
  created_by        BIGINT UNSIGNED NULL,
  updated_at        DATETIME(6) NOT NULL,
  updated_by        BIGINT UNSIGNED NULL,
  archived          TINYINT(1) NOT NULL DEFAULT 0,
  number            VARCHAR(32) NOT NULL,
  revision          INT NOT NULL DEFAULT 1,
  title             VARCHAR(200) NULL,
  account_id        BIGINT UNSIGNED NOT NULL,
  contact_id        BIGINT UNSIGNED NULL,
  opportunity_id    BIGINT UNSIGNED NULL,
  owner_id          BIGINT UNSIGNED NOT NULL,
  status            VARCHAR(32) NOT NULL DEFAULT 'draft',
  currency          CHAR(3) NOT NULL,
  exchange_rate     DECIMAL(18,8) NULL,
  pricing           VARCHAR(16) NULL,
  header_discount   DECIMAL(7,4) NULL,
  valid_until       DATE NULL,
  terms             TEXT NULL,
  template          VARCHAR(64) NULL,
  net_total         DECIMAL(18,2) NULL,
  tax_total         DECIMAL(18,2) NULL,
  total             DECIMAL(18,2) NULL,
  total_base        DECIMAL(18,2) NULL,
  max_line_discount DECIMAL(7,4) NULL,
  supersedes_id     BIGINT UNSIGNED NULL,
  issued_sha256     CHAR(64) NULL,
  UNIQUE KEY quotes_number (number, revision),
  KEY quotes_owner (owner_id, archived, id),
  KEY quotes_archived (archived, id),
  KEY quotes_account (account_id, id),
  KEY quotes_contact (contact_id, id),
  KEY quotes_opportunity (opportunity_id, id),
  KEY quotes_status (status, id),
  KEY quotes_currency (currency, id),
  KEY quotes_title (title, id),
  KEY quotes_total (total, id),
  KEY quotes_total_base (total_base, id),
  KEY quotes_valid_until (valid_until, id),
  CONSTRAINT quotes_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id),
  CONSTRAINT quotes_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The lines of every kind of document, in order; written only with their document.
CREATE TABLE document_lines (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version          INT UNSIGNED NOT NULL DEFAULT 1,
  created_at       DATETIME(6) NOT NULL,
  created_by       BIGINT UNSIGNED NULL,
  updated_at       DATETIME(6) NOT NULL,
  updated_by       BIGINT UNSIGNED NULL,
  archived         TINYINT(1) NOT NULL DEFAULT 0,
  document_entity  VARCHAR(32) NOT NULL,
  document_id      BIGINT UNSIGNED NOT NULL,
  position         INT NOT NULL,
  product_id       BIGINT UNSIGNED NULL,
  description      VARCHAR(1000) NULL,
  quantity         DECIMAL(18,4) NOT NULL,
  unit             VARCHAR(32) NULL,
  unit_price       DECIMAL(18,4) NOT NULL,
  discount         DECIMAL(7,4) NULL,
  tax_rate         DECIMAL(7,4) NULL,
  unit_price_gross DECIMAL(18,4) NULL,
  net              DECIMAL(18,2) NULL,
  tax              DECIMAL(18,2) NULL,
  gross            DECIMAL(18,2) NULL,
  UNIQUE KEY document_lines_position (document_entity, document_id, position),
  KEY document_lines_product (product_id, document_entity, document_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Per-year document numbers: taken inside the creating transaction, so a
-- rollback gives the number back and numbers have no gaps.
CREATE TABLE document_sequences (
  prefix VARCHAR(8) NOT NULL,
  year   INT NOT NULL,
  last   BIGINT NOT NULL,
  PRIMARY KEY (prefix, year)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;

-- Issued documents, as printed: never changed.
CREATE TABLE issued_documents (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  entity           VARCHAR(32) NOT NULL,
  record_id        BIGINT UNSIGNED NOT NULL,
  record_version   INT UNSIGNED NOT NULL,
  sha256           CHAR(64) NOT NULL,
  template_version INT NOT NULL,
  -- the PDF, base64: the database layer carries text
  pdf_base64       LONGTEXT CHARACTER SET ascii NOT NULL,
  created_at       DATETIME(6) NOT NULL,
  created_by       BIGINT UNSIGNED NULL,
  UNIQUE KEY issued_documents_record (entity, record_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO role_scopes (role, entity, scope) VALUES
  ('admin',    'quote', 'none'),
  ('director', 'quote', 'company'),
  ('manager',  'quote', 'team'),
  ('sales',    'quote', 'own'),
  ('service',  'quote', 'own'),
  ('finance',  'quote', 'company'),
  ('auditor',  'quote', 'company');
