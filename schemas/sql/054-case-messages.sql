-- 054-case-messages.sql: the conversation of a service case and the merge
-- of duplicate cases (server/db/rapportd-case-messages.c,
-- server/db/rapportd-case-merge.c). A message is a customer-visible reply
-- or an internal note, written by staff (outbound) or by the customer
-- (inbound: recorded by staff from a call, or read from mail); it is
-- never changed once written. A file of the case may belong to one of its
-- messages. A merged case points at the case it was merged into; a case
-- opened by a customer's message to a case closed long ago points at it.

CREATE TABLE case_messages (
  id                  BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  case_id             BIGINT UNSIGNED NOT NULL,
  kind                VARCHAR(8) NOT NULL,
  direction           VARCHAR(8) NOT NULL,
  -- the staff member who wrote or recorded it; NULL: the server (mail)
  author_id           BIGINT UNSIGNED NULL,
  from_address        VARCHAR(320) NULL,
  to_address          VARCHAR(320) NULL,
  subject             VARCHAR(255) NULL,
  body                MEDIUMTEXT NOT NULL,
  message_id_header   VARCHAR(998) CHARACTER SET ascii COLLATE ascii_bin NULL,
  created_at          DATETIME(6) NOT NULL,
  -- the case it was written on, when a merge moved it here
  merged_from_case_id BIGINT UNSIGNED NULL,
  KEY case_messages_case (case_id, created_at, id),
  KEY case_messages_message_id (message_id_header(191)),
  CONSTRAINT case_messages_case_fk FOREIGN KEY (case_id) REFERENCES cases (id),
  CONSTRAINT case_messages_author_fk FOREIGN KEY (author_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE attachments
  ADD COLUMN message_id BIGINT UNSIGNED NULL,
  ADD KEY attachments_message (message_id),
  ADD CONSTRAINT attachments_message_fk FOREIGN KEY (message_id) REFERENCES case_messages (id);

ALTER TABLE cases
  ADD COLUMN merged_into_id  BIGINT UNSIGNED NULL,
  ADD COLUMN related_case_id BIGINT UNSIGNED NULL,
  ADD KEY cases_merged_into (merged_into_id),
  ADD KEY cases_related (related_case_id),
  ADD CONSTRAINT cases_merged_into_fk FOREIGN KEY (merged_into_id) REFERENCES cases (id),
  ADD CONSTRAINT cases_related_fk FOREIGN KEY (related_case_id) REFERENCES cases (id);
