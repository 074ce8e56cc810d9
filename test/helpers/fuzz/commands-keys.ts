/** Fuzzer steps for strings and generic key commands on the same keys (type changes, WRONGTYPE, TTLs). */
import * as fc from 'fast-check'
import { command, options, pick } from './build.js'
import type { Step } from './step.js'
import { ALL_KEYS, cursor, intIncr, key, member, opt, pattern, value } from './values.js'

const anyKey = fc.constantFrom(...ALL_KEYS)
const sk = key('string')
const anyKeys = fc.array(anyKey, { minLength: 1, maxLength: 3 })
/** TTLs far in the future, or already past (the key goes at once): never one that runs out mid-test. */
const seconds = fc.constantFrom('1000', '86400', '0', '-5', 'abc')
const setOptions = options(opt(fc.constantFrom('NX', 'XX'), 0.25), opt(fc.constant('GET'), 0.25), opt(fc.oneof(fc.tuple(fc.constant('EX'), seconds), fc.tuple(fc.constant('PX'), fc.constantFrom('1000000', '0')), fc.constant('KEEPTTL')), 0.35))
const ttl = () => ({ k: 'ttl' as const })

export const keySteps: fc.Arbitrary<Step> = pick(
  [5, command(['SET', sk, value, setOptions])],
  [4, command(['GET', sk])],
  [2, command(['APPEND', sk, member])],
  [2, command(['INCR', sk])],
  [2, command(['INCRBY', sk, intIncr])],
  [1, command(['STRLEN', sk])],
  [1, command(['GETDEL', sk])],
  [1, command(['SETRANGE', sk, fc.constantFrom('0', '3', '-1'), member])],
  [3, command(['DEL', anyKeys])],
  [1, command(['UNLINK', anyKeys])],
  [2, command(['EXISTS', anyKeys])],
  [3, command(['TYPE', anyKey])],
  [3, command(['OBJECT', 'ENCODING', anyKey])],
  [2, command(['RENAME', anyKey, anyKey])],
  [1, command(['RENAMENX', anyKey, anyKey])],
  [2, command(['COPY', anyKey, anyKey, opt(fc.constant('REPLACE'))])],
  [2, command(['EXPIRE', anyKey, seconds, opt(fc.constantFrom('NX', 'XX', 'GT', 'LT'), 0.3)])],
  [1, command(['PERSIST', anyKey])],
  [1, command(['TTL', anyKey], ttl)],
  [1, command(['PTTL', anyKey], ttl)],
  [1, command(['KEYS', pattern], () => ({ k: 'keys' }))],
  [1, command(['DBSIZE'])],
  [1, command(['RANDOMKEY'], () => ({ k: 'rand', kind: 'randomkey', key: '' }))],
  [1, command(['SCAN', cursor, 'COUNT', '1000', opt(fc.tuple(fc.constant('MATCH'), pattern)), opt(fc.tuple(fc.constant('TYPE'), fc.constantFrom('hash', 'list', 'set', 'zset', 'string')))], () => ({ k: 'scan', key: null, pairs: false }))],
)
