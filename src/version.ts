/** The Redis version redlet reports and follows (the oracle). */
export const REDIS_VERSION = '7.0.15'
/** redlet's own version. */
export const REDLET_VERSION = '0.1.0'
