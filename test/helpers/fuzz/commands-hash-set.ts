/** Fuzzer steps for hash and set commands. */
import * as fc from 'fast-check'
import { command, numkeysKeys, options, pick } from './build.js'
import type { Step } from './step.js'
import { bulkMembers, count, cursor, intIncr, intMembers, key, keys, member, members, numkeys, opt, pattern, randCount, scanCount, score, value } from './values.js'

const hk = key('hash')
const sk = key('set')

const fieldValues = fc.array(fc.tuple(member, value), { minLength: 1, maxLength: 4 })
/** Pairs, and now and then a dangling field (arity/syntax error). */
const pairs = fc.tuple(fieldValues, opt(member, 0.05)).map(([ps, extra]) => [...ps.flat(), ...(extra === undefined ? [] : [extra])])

const unorderedOf = (pairs: boolean) => (args: string[]) => ({ k: 'unordered' as const, key: args[1] as string, pairs })
const scanOf = (pairs: boolean) => (args: string[]) => ({ k: 'scan' as const, key: args[1] as string, pairs })
const scanOptions = options(opt(fc.tuple(fc.constant('MATCH'), pattern)), opt(fc.tuple(fc.constant('COUNT'), scanCount)))

export const hashSteps: fc.Arbitrary<Step> = pick(
  [14, command(['HSET', hk, pairs])],
  [3, command(['HSETNX', hk, member, value])],
  [3, command(['HMSET', hk, pairs])],
  [8, command(['HGET', hk, member])],
  [3, command(['HMGET', hk, members()])],
  [4, command(['HDEL', hk, members()])],
  [3, command(['HLEN', hk])],
  [3, command(['HEXISTS', hk, member])],
  [3, command(['HSTRLEN', hk, member])],
  [5, command(['HINCRBY', hk, member, intIncr])],
  [5, command(['HINCRBYFLOAT', hk, member, fc.oneof(score, intIncr)])],
  [4, command(['HGETALL', hk], unorderedOf(true))],
  [2, command(['HKEYS', hk], unorderedOf(false))],
  [2, command(['HVALS', hk], unorderedOf(false))],
  [
    4,
    command(['HRANDFIELD', hk, opt(fc.tuple(randCount, opt(fc.constant('WITHVALUES'))), 0.75)], (args) => ({
      k: 'rand',
      kind: 'hrandfield',
      key: args[1] as string,
    })),
  ],
  [3, command(['HSCAN', hk, cursor, scanOptions], scanOf(true))],
  [0.5, command(['HSET', hk, bulkMembers.map((ms) => ms.flatMap((m) => [m, 'v' + m]))])],
)

const smembersSetop = (args: string[]) => ({ k: 'setop' as const, keys: args.slice(1) })

export const setSteps: fc.Arbitrary<Step> = pick(
  [16, command(['SADD', sk, fc.oneof({ weight: 60, arbitrary: members(5) }, { weight: 40, arbitrary: intMembers(6) })])],
  [5, command(['SREM', sk, fc.oneof(members(), intMembers())])],
  [3, command(['SCARD', sk])],
  [5, command(['SISMEMBER', sk, member])],
  [3, command(['SMISMEMBER', sk, members()])],
  [4, command(['SMEMBERS', sk], unorderedOf(false))],
  [4, command(['SMOVE', sk, sk, member])],
  [
    4,
    command(['SPOP', sk, opt(count)], (args) => ({ k: 'rand', kind: 'spop', key: args[1] as string })),
  ],
  [
    4,
    command(['SRANDMEMBER', sk, opt(randCount, 0.6)], (args) => ({ k: 'rand', kind: 'srandmember', key: args[1] as string })),
  ],
  [3, command(['SINTER', keys('set')], smembersSetop)],
  [3, command(['SUNION', keys('set')], smembersSetop)],
  [3, command(['SDIFF', keys('set')], smembersSetop)],
  [2, command(['SINTERSTORE', sk, keys('set')])],
  [2, command(['SUNIONSTORE', sk, keys('set')])],
  [2, command(['SDIFFSTORE', sk, keys('set')])],
  [3, command(['SINTERCARD', numkeysKeys(keys('set'), numkeys), opt(fc.tuple(fc.constant('LIMIT'), count), 0.4)])],
  [3, command(['SSCAN', sk, cursor, scanOptions], scanOf(false))],
  [0.5, command(['SADD', sk, bulkMembers])],
)
