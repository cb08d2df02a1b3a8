-- Login throttling without letting anyone lock anyone else out (security
-- finding 4). Owner: web/auth.c (login_failure, login_lock).
--
-- A failure is counted against the client address and against the pair
-- (address, login) when the browser is untrusted, or against its device
-- cookie (column device: the cookie's random nonce) when it showed a valid one
-- for that login. Locks: kind 'ip' (k = address), 'ip_login' (k = address,
-- space, login) and 'device' (k = nonce). The old per-login locks ('login')
-- are no longer set nor read.
ALTER TABLE login_failure
  ADD COLUMN device VARCHAR(32) CHARACTER SET ascii NULL AFTER ip,
  ADD KEY ix_lf_ip_login (ip, login, at),
  ADD KEY ix_lf_device (device, at);

DELETE FROM login_lock WHERE kind = 'login';
ALTER TABLE login_lock
  MODIFY kind ENUM('login','ip','ip_login','device') NOT NULL,
  MODIFY k VARCHAR(160) NOT NULL;
