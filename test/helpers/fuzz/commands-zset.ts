/** Fuzzer steps for sorted-set commands. */
import * as fc from 'fast-check'
import { command, numkeysKeys, options, pick } from './build.js'
import type { Step } from './step.js'
import { bulkMembers, count, cursor, index, key, keys, lexBound, member, members, numkeys, opt, pattern, randCount, scanCount, score, scoreBound, timeout } from './values.js'

const zk = key('zset')
const lexOn = (at: number) => (args: string[]) => ({ k: 'lex' as const, key: args[at] as string })
const byLexOn = (at: number) => (args: string[]) => (args.some((a) => a.toUpperCase() === 'BYLEX') ? lexOn(at)(args) : { k: 'exact' as const })
/** Inputs of ZUNION & co: sorted sets, and sets now and then (they are accepted, with score 1). */
const zsrc = fc.oneof({ weight: 85, arbitrary: zk }, { weight: 15, arbitrary: key('set') })
const zsrcs = fc.array(zsrc, { minLength: 1, maxLength: 3 })
const scoreMembers = fc
  .tuple(fc.array(fc.tuple(score, member), { minLength: 1, maxLength: 4 }), opt(score, 0.04))
  .map(([ps, extra]) => [...ps.flat(), ...(extra === undefined ? [] : [extra])])
const zaddFlags = options(
  opt(fc.constantFrom('NX', 'XX'), 0.3),
  opt(fc.constantFrom('GT', 'LT'), 0.25),
  opt(fc.constant('CH'), 0.3),
  opt(fc.constant('INCR'), 0.15),
)
const limit = fc.tuple(fc.constant('LIMIT'), index, fc.oneof(count, fc.constant('-1')))
const withscores = fc.constant('WITHSCORES')

/** ZRANGE's forms: by rank, BYSCORE, BYLEX; REV, LIMIT and WITHSCORES in any order. */
const zrangeTail = (store: boolean) =>
  fc.oneof(
    fc.tuple(index, index, options(opt(fc.constant('REV'), 0.3), opt(limit, 0.2), store ? fc.constant(undefined) : opt(withscores))),
    fc.tuple(scoreBound, scoreBound, options(fc.constant('BYSCORE'), opt(fc.constant('REV'), 0.4), opt(limit, 0.3), store ? fc.constant(undefined) : opt(withscores))),
    fc.tuple(lexBound, lexBound, options(fc.constant('BYLEX'), opt(fc.constant('REV'), 0.4), opt(limit, 0.3), store ? fc.constant(undefined) : opt(withscores, 0.1))),
  )

/** WEIGHTS with one weight per key, now and then one too few or too many. */
const weightsFor = (n: number) =>
  fc.tuple(
    fc.constant('WEIGHTS'),
    fc.oneof({ weight: 88, arbitrary: fc.constant(n) }, { weight: 12, arbitrary: fc.constantFrom(Math.max(1, n - 1), n + 1) }).chain((len) =>
      fc.array(fc.oneof(score, fc.constantFrom('2', '0.5', '-1')), { minLength: len, maxLength: len }),
    ),
  )
const aggregate = fc.tuple(fc.constant('AGGREGATE'), fc.oneof({ weight: 95, arbitrary: fc.constantFrom('SUM', 'MIN', 'MAX', 'min') }, { weight: 5, arbitrary: fc.constant('AVG') }))

/** numkeys keys [WEIGHTS ...] [AGGREGATE ...] [WITHSCORES] for ZUNION/ZINTER(STORE). */
const algebra = (withScores: boolean, weights: boolean) =>
  zsrcs.chain((ks) =>
    fc.tuple(numkeys(ks.length), options(weights ? opt(weightsFor(ks.length)) : fc.constant(undefined), weights ? opt(aggregate) : fc.constant(undefined), withScores ? opt(withscores) : fc.constant(undefined))).map(([n, rest]) => [n, ...ks, rest]),
  )

const minmax = fc.oneof({ weight: 95, arbitrary: fc.constantFrom('MIN', 'MAX') }, { weight: 5, arbitrary: fc.constant('MID') })

export const zsetSteps: fc.Arbitrary<Step> = pick(
  [16, command(['ZADD', zk, zaddFlags, scoreMembers])],
  [0.5, command(['ZADD', zk, bulkMembers.map((ms) => ms.flatMap((m, i) => [String(i % 7), m]))])],
  [4, command(['ZINCRBY', zk, score, member])],
  [5, command(['ZREM', zk, members()])],
  [3, command(['ZCARD', zk])],
  [5, command(['ZSCORE', zk, member])],
  [3, command(['ZMSCORE', zk, members()])],
  [4, command(['ZRANK', zk, member])],
  [3, command(['ZREVRANK', zk, member])],
  [4, command(['ZCOUNT', zk, scoreBound, scoreBound])],
  [3, command(['ZLEXCOUNT', zk, lexBound, lexBound], lexOn(1))],
  [10, command(['ZRANGE', zk, zrangeTail(false)], byLexOn(1))],
  [3, command(['ZRANGESTORE', zk, zk, zrangeTail(true)], byLexOn(2))],
  [3, command(['ZRANGEBYSCORE', zk, scoreBound, scoreBound, options(opt(withscores), opt(limit, 0.3))])],
  [3, command(['ZREVRANGEBYSCORE', zk, scoreBound, scoreBound, options(opt(withscores), opt(limit, 0.3))])],
  [3, command(['ZRANGEBYLEX', zk, lexBound, lexBound, opt(limit, 0.3)], lexOn(1))],
  [2, command(['ZREVRANGEBYLEX', zk, lexBound, lexBound, opt(limit, 0.3)], lexOn(1))],
  [2, command(['ZREVRANGE', zk, index, index, opt(withscores)])],
  [2, command(['ZREMRANGEBYRANK', zk, index, index])],
  [2, command(['ZREMRANGEBYSCORE', zk, scoreBound, scoreBound])],
  [2, command(['ZREMRANGEBYLEX', zk, lexBound, lexBound], lexOn(1))],
  [3, command(['ZPOPMIN', zk, opt(count, 0.4)])],
  [3, command(['ZPOPMAX', zk, opt(count, 0.4)])],
  [3, command(['ZMPOP', numkeysKeys(keys('zset'), numkeys), minmax, opt(fc.tuple(fc.constant('COUNT'), count))])],
  [
    4,
    command(['ZRANDMEMBER', zk, opt(fc.tuple(randCount, opt(withscores)), 0.75)], (args) => ({ k: 'rand', kind: 'zrandmember', key: args[1] as string })),
  ],
  [3, command(['ZUNION', algebra(true, true)])],
  [3, command(['ZINTER', algebra(true, true)])],
  [3, command(['ZDIFF', algebra(true, false)])],
  [2, command(['ZUNIONSTORE', zk, algebra(false, true)])],
  [2, command(['ZINTERSTORE', zk, algebra(false, true)])],
  [2, command(['ZDIFFSTORE', zk, algebra(false, false)])],
  [2, command(['ZINTERCARD', numkeysKeys(zsrcs, numkeys), opt(fc.tuple(fc.constant('LIMIT'), count), 0.4)])],
  [
    3,
    command(['ZSCAN', zk, cursor, options(opt(fc.tuple(fc.constant('MATCH'), pattern)), opt(fc.tuple(fc.constant('COUNT'), scanCount)))], (args) => ({
      k: 'scan',
      key: args[1] as string,
      pairs: true,
    })),
  ],
  [0.3, command(['BZPOPMIN', keys('zset'), timeout])],
  [0.3, command(['BZPOPMAX', keys('zset'), timeout])],
  [0.3, command(['BZMPOP', timeout, numkeysKeys(keys('zset'), numkeys), minmax, opt(fc.tuple(fc.constant('COUNT'), count))])],
)
