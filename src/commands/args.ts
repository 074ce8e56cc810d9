/**
 * Argument parsers. Each throws a CommandError with Redis's message, so handlers
 * read as the happy path.
 */
import { parseDouble, parseInt64, parseLL } from '../core/numbers.js'
import type { Db } from '../core/keyspace.js'
import { timeoutMillis } from '../core/timeout.js'
import type { Collection, Value } from '../core/values/types.js'
import { CommandError, Err } from '../errors.js'

/** An int64 argument (string2ll rules) as a number; beyond 2^53 it is the nearest double. */
export function parseInteger(s: string, message: string = Err.notInteger): number {
  const v = parseLL(s)
  if (v === null) throw new CommandError(message)
  return v
}

/** An int64 argument, exact. */
export function parseBigInteger(s: string, message: string = Err.notInteger): bigint {
  const v = parseInt64(s)
  if (v === null) throw new CommandError(message)
  return v
}

/** A non-negative integer argument ("value is out of range, must be positive" below zero). */
export function parsePositive(s: string, message: string = Err.valueOutOfRangePositive): number {
  const v = parseInteger(s)
  if (v < 0) throw new CommandError(message)
  return v
}

/** A double argument (string2d rules: no NaN, no spaces, "inf" allowed). */
export function parseFloatArg(s: string, message: string = Err.notFloat): number {
  const v = parseDouble(s)
  if (v !== v) throw new CommandError(message)
  return v
}

/**
 * A blocking timeout in seconds (fractions allowed), as an absolute deadline in
 * ms, or 0 for forever.
 */
export function parseTimeout(s: string, now: number): number {
  // Redis 7.0 reads it as a long double (core/timeout.ts); it has no "out of range" error
  const ms = timeoutMillis(s)
  if (ms === null) throw new CommandError(Err.timeoutNotFloat)
  if (ms < 0n) throw new CommandError(Err.timeoutNegative)
  if (ms === 0n) return 0
  return now + Number(ms)
}

/** Case-insensitive compare of an argument against an ASCII keyword (lowercase). */
export function is(arg: string, keyword: string): boolean {
  return arg.length === keyword.length && arg.toLowerCase() === keyword
}

export function syntaxError(): CommandError {
  return new CommandError(Err.syntax)
}

export function wrongType(): CommandError {
  return new CommandError(Err.wrongType)
}

/** A string value for reading: undefined when absent, WRONGTYPE when another type. */
export function readString(db: Db, key: string): string | undefined {
  const v = db.read(key)
  if (v === undefined || typeof v === 'string') return v
  throw wrongType()
}

/** A string value for writing (no hit/miss counting): undefined when absent, WRONGTYPE when another type. */
export function writeString(db: Db, key: string): string | undefined {
  const v = db.get(key)
  if (v === undefined || typeof v === 'string') return v
  throw wrongType()
}

/** A value of the given collection type for writing: undefined when absent, WRONGTYPE otherwise. */
export function writeTyped<T extends Collection>(db: Db, key: string, type: T['type']): T | undefined {
  const v: Value | undefined = db.get(key)
  if (v === undefined) return undefined
  if (typeof v === 'string' || v.type !== type) throw wrongType()
  return v as T
}

/** A value of the given collection type for reading: undefined when absent, WRONGTYPE otherwise. */
export function readTyped<T extends Collection>(db: Db, key: string, type: T['type']): T | undefined {
  const v: Value | undefined = db.read(key)
  if (v === undefined) return undefined
  if (typeof v === 'string' || v.type !== type) throw wrongType()
  return v as T
}
