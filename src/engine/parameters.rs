//! The server parameters that `setParameter` changes while the deployment runs, with the
//! values it starts with: the transactions' lifetime limit, the idle cursors' timeout and the
//! TTL monitor's switch and period. The parameters of sessions fixed at start-up
//! (`localLogicalSessionTimeoutMinutes`, `logicalSessionRefreshMillis`) are the engine's
//! constants, and `maxSessions` is a [`super::DeploymentOptions`] field.

/// `transactionLifetimeLimitSeconds` default.
pub const DEFAULT_TXN_LIFETIME_SECS: i32 = 60;
/// `cursorTimeoutMillis` default: 10 minutes.
pub const DEFAULT_CURSOR_TIMEOUT_MS: i64 = 600_000;
/// `ttlMonitorSleepSecs` default.
pub const DEFAULT_TTL_SLEEP_SECS: i32 = 60;

/// The values in force (each is an IDL server parameter settable at start-up and at runtime).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuntimeParameters {
    /// `transactionLifetimeLimitSeconds`: how long a transaction may stay open. Each
    /// transaction's deadline is fixed when it starts (`transactionExpireDate`), so a change
    /// applies to the transactions started after it.
    pub transaction_lifetime_limit_seconds: i32,
    /// `cursorTimeoutMillis`: how long a cursor without a session may stay idle. The cursor
    /// monitor reads it at each pass, so a change applies to every open cursor.
    pub cursor_timeout_millis: i64,
    /// `ttlMonitorEnabled`: whether the TTL monitor's passes delete anything (it still wakes on
    /// its schedule, and skips the pass when off).
    pub ttl_monitor_enabled: bool,
    /// `ttlMonitorSleepSecs`: the TTL monitor's sleep between passes.
    pub ttl_monitor_sleep_secs: i32,
}

impl Default for RuntimeParameters {
    fn default() -> Self {
        Self {
            transaction_lifetime_limit_seconds: DEFAULT_TXN_LIFETIME_SECS,
            cursor_timeout_millis: DEFAULT_CURSOR_TIMEOUT_MS,
            ttl_monitor_enabled: true,
            ttl_monitor_sleep_secs: DEFAULT_TTL_SLEEP_SECS,
        }
    }
}

impl RuntimeParameters {
    /// `transactionLifetimeLimitSeconds`, in ms.
    pub fn txn_lifetime_ms(&self) -> i64 {
        i64::from(self.transaction_lifetime_limit_seconds) * 1000
    }

    /// `ttlMonitorSleepSecs`, in ms.
    pub fn ttl_period_ms(&self) -> i64 {
        i64::from(self.ttl_monitor_sleep_secs) * 1000
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_the_servers() {
        let p = RuntimeParameters::default();
        assert_eq!(p.txn_lifetime_ms(), 60_000);
        assert_eq!(p.ttl_period_ms(), 60_000);
        assert_eq!(p.cursor_timeout_millis, 600_000);
        assert!(p.ttl_monitor_enabled);
    }
}
