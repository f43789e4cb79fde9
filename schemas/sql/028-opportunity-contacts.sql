-- 028-opportunity-contacts.sql: the contacts of an opportunity beyond its main one, each with a role in the buying decision

CREATE TABLE opportunity_contacts (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version        INT UNSIGNED NOT NULL DEFAULT 1,
  created_at     DATETIME(6) NOT NULL,
  created_by     BIGINT UNSIGNED NULL,
  updated_at     DATETIME(6) NOT NULL,
  updated_by     BIGINT UNSIGNED NULL,
  archived       TINYINT(1) NOT NULL DEFAULT 0,
  opportunity_id BIGINT UNSIGNED NOT NULL,
  position       INT NOT NULL,
  contact_id     BIGINT UNSIGNED NOT NULL,
  role           VARCHAR(20) NOT NULL DEFAULT 'other',
  KEY opportunity_contacts_opportunity (opportunity_id, position),
  KEY opportunity_contacts_contact (contact_id, opportunity_id),
  CONSTRAINT opportunity_contacts_opportunity_fk FOREIGN KEY (opportunity_id) REFERENCES opportunities (id),
  CONSTRAINT opportunity_contacts_contact_fk FOREIGN KEY (contact_id) REFERENCES contacts (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
