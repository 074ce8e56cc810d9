/** RESP2 text of common replies, for exact assertions in unit tests. */

export const bulk = (s: string): string => `$${s.length}\r\n${s}\r\n`
export const int = (n: number | bigint): string => `:${n}\r\n`
export const err = (s: string): string => `-${s}\r\n`
export const arity = (name: string): string => err(`ERR wrong number of arguments for '${name}' command`)

export const NIL = '$-1\r\n'
export const OK = '+OK\r\n'
export const WRONGTYPE = err('WRONGTYPE Operation against a key holding the wrong kind of value')
export const SYNTAX = err('ERR syntax error')
export const NOT_INT = err('ERR value is not an integer or out of range')

/** A RESP2 array of bulk strings (null: a nil bulk). */
export const arr = (...items: (string | null)[]): string => `*${items.length}\r\n${items.map((s) => (s === null ? NIL : bulk(s))).join('')}`
