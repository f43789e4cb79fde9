-- 068-survey-invitation-mail.sql: which mail carried an invitation's link.
-- When the link of an invitation is mailed (at a case's closing, or sent by
-- hand to contacts), the invitation keeps the Message-ID of its mail in the
-- outbox, so that its list shows whether the mail was sent, is waiting for
-- another attempt, or failed, and why (GET /survey-invitations, `mail`).
-- NULL: its link was not mailed.

ALTER TABLE survey_invitations
  ADD COLUMN mail_message_id VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NULL;
