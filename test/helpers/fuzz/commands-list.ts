/** Fuzzer steps for list commands (blocking ones with short timeouts, rarely). */
import * as fc from 'fast-check'
import { command, numkeysKeys, options, pick } from './build.js'
import type { Step } from './step.js'
import { bulkMembers, count, index, key, keys, member, members, numkeys, opt, smallIndex, timeout } from './values.js'

const lk = key('list')
const side = fc.constantFrom('LEFT', 'RIGHT')
const beforeAfter = fc.oneof({ weight: 95, arbitrary: fc.constantFrom('BEFORE', 'AFTER') }, { weight: 5, arbitrary: fc.constant('MIDDLE') })
const lposOptions = options(
  opt(fc.tuple(fc.constant('RANK'), fc.oneof(index, fc.constantFrom('1', '-1', '2')))),
  opt(fc.tuple(fc.constant('COUNT'), count)),
  opt(fc.tuple(fc.constant('MAXLEN'), count)),
)

export const listSteps: fc.Arbitrary<Step> = pick(
  [12, command(['LPUSH', lk, members(5)])],
  [12, command(['RPUSH', lk, members(5)])],
  [0.5, command(['RPUSH', lk, bulkMembers])],
  [3, command(['LPUSHX', lk, members()])],
  [3, command(['RPUSHX', lk, members()])],
  [5, command(['LPOP', lk, opt(count, 0.4)])],
  [5, command(['RPOP', lk, opt(count, 0.4)])],
  [3, command(['LLEN', lk])],
  [6, command(['LINDEX', lk, index])],
  [7, command(['LRANGE', lk, index, index])],
  [4, command(['LSET', lk, smallIndex, member])],
  [3, command(['LTRIM', lk, index, index])],
  [4, command(['LREM', lk, fc.oneof(index, fc.constant('0')), member])],
  [4, command(['LINSERT', lk, beforeAfter, member, member])],
  [5, command(['LPOS', lk, member, lposOptions])],
  [4, command(['LMOVE', lk, lk, side, side])],
  [2, command(['RPOPLPUSH', lk, lk])],
  [
    4,
    command([
      'LMPOP',
      numkeysKeys(keys('list'), numkeys),
      fc.oneof({ weight: 95, arbitrary: side }, { weight: 5, arbitrary: fc.constant('UP') }),
      opt(fc.tuple(fc.constant('COUNT'), count)),
    ]),
  ],
  [0.3, command(['BLPOP', keys('list'), timeout])],
  [0.3, command(['BRPOP', keys('list'), timeout])],
  [0.2, command(['BLMOVE', lk, lk, side, side, timeout])],
  [0.2, command(['BRPOPLPUSH', lk, lk, timeout])],
  [0.3, command(['BLMPOP', timeout, numkeysKeys(keys('list'), numkeys), side, opt(fc.tuple(fc.constant('COUNT'), count))])],
)
