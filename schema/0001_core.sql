-- Core platform: users, sessions, login throttling, API keys, settings, audit.
-- Owners: crm/user.c (app_user), web/session.c (session), web/auth.c
-- (login_failure, login_lock), crm/apikey.c (api_key), crm/settings.c
-- (setting), crm/audit.c (audit_log).

-- Written by: crm/user.c
CREATE TABLE app_user (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  login VARCHAR(64) NOT NULL,
  name VARCHAR(128) NOT NULL,
  email VARCHAR(254) NULL,
  phone VARCHAR(64) NULL,
  role ENUM('admin','manager','sales') NOT NULL DEFAULT 'sales',
  lang VARCHAR(8) NULL,                      -- NULL: from Accept-Language
  tz VARCHAR(64) NOT NULL DEFAULT 'Europe/Paris',
  active TINYINT(1) NOT NULL DEFAULT 1,
  password_hash VARCHAR(255) NOT NULL,
  password_changed_at DATETIME NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  UNIQUE KEY uq_user_login (login)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Written by: web/session.c
CREATE TABLE session (
  id_hash CHAR(64) CHARACTER SET ascii NOT NULL PRIMARY KEY,  -- BLAKE2b of the cookie value
  user_id BIGINT NOT NULL,
  csrf CHAR(43) CHARACTER SET ascii NOT NULL,
  created_at DATETIME NOT NULL,
  last_seen DATETIME NOT NULL,
  ip VARCHAR(64) NOT NULL DEFAULT '',
  user_agent VARCHAR(255) NOT NULL DEFAULT '',
  KEY ix_session_user (user_id),
  KEY ix_session_seen (last_seen),
  CONSTRAINT fk_session_user FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE
) ENGINE=InnoDB;

-- Written by: web/auth.c
CREATE TABLE login_failure (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  login VARCHAR(64) NOT NULL,
  ip VARCHAR(64) NOT NULL,
  at DATETIME NOT NULL,
  KEY ix_lf_login (login, at),
  KEY ix_lf_ip (ip, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Written by: web/auth.c
CREATE TABLE login_lock (
  kind ENUM('login','ip') NOT NULL,
  k VARCHAR(64) NOT NULL,
  until DATETIME NOT NULL,
  PRIMARY KEY (kind, k)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Written by: crm/apikey.c
CREATE TABLE api_key (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id BIGINT NOT NULL,
  prefix VARCHAR(16) CHARACTER SET ascii NOT NULL,  -- shown in lists to tell keys apart
  key_hash CHAR(64) CHARACTER SET ascii NOT NULL,
  name VARCHAR(128) NOT NULL DEFAULT '',
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  last_used DATETIME NULL,
  revoked_at DATETIME NULL,
  UNIQUE KEY uq_api_key_hash (key_hash),
  KEY ix_api_key_user (user_id),
  CONSTRAINT fk_api_key_user FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Written by: crm/settings.c
CREATE TABLE setting (
  k VARCHAR(64) CHARACTER SET ascii NOT NULL PRIMARY KEY,
  v TEXT NOT NULL,
  updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Written by: crm/audit.c
CREATE TABLE audit_log (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  user_id BIGINT NULL,
  login VARCHAR(64) NULL,
  ip VARCHAR(64) NOT NULL DEFAULT '',
  action VARCHAR(64) NOT NULL,
  detail VARCHAR(1024) NOT NULL DEFAULT '',
  KEY ix_audit_at (at),
  KEY ix_audit_user (user_id, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
