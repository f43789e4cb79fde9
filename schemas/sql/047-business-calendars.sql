-- 047-business-calendars.sql: business calendars kept by administrators
-- (common/entities/crm-business-calendar.c, crm-business-calendar-day.c),
-- against which service levels are measured in business time
-- (common/service/crm-business-time.c): the zone and the working hours of
-- each weekday, and the days that do not follow their weekday, holidays and
-- make-up working days (调休), written with their calendar.

CREATE TABLE `business-calendars` (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version     INT UNSIGNED NOT NULL DEFAULT 1,
  created_at  DATETIME(6) NOT NULL,
  created_by  BIGINT UNSIGNED NULL,
  updated_at  DATETIME(6) NOT NULL,
  updated_by  BIGINT UNSIGNED NULL,
  archived    TINYINT(1) NOT NULL DEFAULT 0,
  name        VARCHAR(100) NOT NULL,
  -- an IANA zone; NULL: the zone of the server that computes
  time_zone   VARCHAR(64) NULL,
  is_default  TINYINT(1) NULL DEFAULT 0,
  -- one default calendar: NULL for every other row, which a unique key allows
  default_key TINYINT(1) AS (IF(is_default = 1, 1, NULL)) PERSISTENT,
  -- each weekday's working hours, "09:00-12:00, 13:30-18:00"; NULL or blank: a day off
  monday      VARCHAR(100) NULL,
  tuesday     VARCHAR(100) NULL,
  wednesday   VARCHAR(100) NULL,
  thursday    VARCHAR(100) NULL,
  friday      VARCHAR(100) NULL,
  saturday    VARCHAR(100) NULL,
  sunday      VARCHAR(100) NULL,
  UNIQUE KEY business_calendars_name (name),
  UNIQUE KEY business_calendars_is_default (default_key),
  KEY business_calendars_archived (archived, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A calendar's exception days in order (position from 0): a holiday from
-- `date` to `last_date` (or that day alone), or a working day with its hours.
CREATE TABLE `business-calendar-days` (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version     INT UNSIGNED NOT NULL DEFAULT 1,
  created_at  DATETIME(6) NOT NULL,
  created_by  BIGINT UNSIGNED NULL,
  updated_at  DATETIME(6) NOT NULL,
  updated_by  BIGINT UNSIGNED NULL,
  archived    TINYINT(1) NOT NULL DEFAULT 0,
  calendar_id BIGINT UNSIGNED NOT NULL,
  position    INT NOT NULL,
  `date`      DATE NOT NULL,
  last_date   DATE NULL,
  kind        VARCHAR(16) NOT NULL DEFAULT 'holiday',
  hours       VARCHAR(100) NULL,
  name        VARCHAR(100) NULL,
  KEY business_calendar_days_calendar (calendar_id, position),
  CONSTRAINT business_calendar_days_calendar_fk FOREIGN KEY (calendar_id) REFERENCES `business-calendars` (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The default calendar: Monday to Friday, 09:00 to 18:00, in the server's
-- zone, without holidays; an administrator adds them, or another calendar.
INSERT INTO `business-calendars` (created_at, updated_at, name, is_default, monday, tuesday, wednesday, thursday, friday)
  VALUES (UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), 'Standard', 1,
          '09:00-18:00', '09:00-18:00', '09:00-18:00', '09:00-18:00', '09:00-18:00');
