-- 066-mail-outbox-without-case.sql: mail about no case. The link of a
-- survey invitation sent by hand to a contact (POST /surveys/:id/invitations)
-- is queued in mail_outbox like a reply, but belongs to no case: its case_id
-- is empty. A customer's answer to such a mail opens a new case.

ALTER TABLE mail_outbox MODIFY case_id BIGINT UNSIGNED NULL;
