/**
 * ACL against redis-server: users, rules and how they are described, AUTH and
 * HELLO with users, NOPERM refusals (commands, keys, channels; MULTI and
 * scripts), DRYRUN, LOG. Redis lists single commands of a description in its
 * hash table's order, which changes from run to run: such lines are compared
 * as sets of words (`sameWords`).
 */
import { afterEach, expect, test } from 'vitest'
import { describeDiff, useDifferential, type DiffPair } from '../helpers/differential.js'
import { parseReply } from '../helpers/resp-client.js'

describeDiff('ACL', () => {
  const d = useDifferential()

  afterEach(async () => {
    const users = parseReply((await d.redis.call('ACL', 'USERS')) as Buffer) as string[]
    const others = users.filter((u) => u !== 'default')
    if (others.length > 0) await d.same('ACL', 'DELUSER', ...others)
    await d.same('ACL', 'SETUSER', 'default', 'reset', 'on', 'nopass', '~*', '&*', '+@all')
    await d.same('CONFIG', 'SET', 'requirepass', '')
    await d.same('ACL', 'LOG', 'RESET')
  })

  /** Both replies have the same words in some order (descriptions with single commands). */
  async function sameWords(p: DiffPair, ...args: string[]): Promise<void> {
    const [a, b] = await p.both(...args)
    const words = (buf: Buffer): string[] => JSON.stringify(parseReply(buf)).split(/[ "]+/).sort()
    expect(words(b), args.join(' ')).toEqual(words(a))
  }

  test('the default user; WHOAMI, USERS, CAT', async () => {
    await d.same('ACL', 'LIST')
    await d.same('ACL', 'GETUSER', 'default')
    await d.same('ACL', 'WHOAMI')
    await d.same('ACL', 'USERS')
    await d.same('ACL', 'CAT')
    await d.same('ACL', 'GETUSER', 'nosuch')
    await d.same('ACL', 'HELP')
  })

  test('SETUSER: flags, passwords, keys, channels, commands as LIST and GETUSER show them', async () => {
    const cases: string[][] = [
      [],
      ['on', '>pw', '~k*', '%R~r*', '%W~w*', '&ch*', '+get', '+@hash'],
      ['reset'],
      ['on', 'nopass', 'skip-sanitize-payload'],
      ['sanitize-payload', 'resetpass', '>a', '>b', '<a'],
      ['#' + 'ab'.repeat(32), '!' + 'ab'.repeat(32)],
      ['allkeys', 'allchannels', 'allcommands'],
      ['resetkeys', 'resetchannels', 'nocommands'],
      ['~a', '%R~a', '%W~b', '%RW~c', '%wr~d', '~', '&', '&x'],
      ['+@read', '-@read', '+@write'],
      ['+@all', '-@dangerous'],
      ['+@all', '-@write', '-@read'],
      ['-@all', '+@string', '+@list'],
      ['-@all', '+@set', '+@sortedset'],
      ['-@all', '+object', '+object|encoding'],
      ['-@all', '-client', '+client|list'],
      ['-@all', '+select|0', '+select|1'],
      ['+@all', '-client|kill'],
      ['-@all', '+get', '-get'],
      ['ON', 'NOPASS', '+GET', '~ABC', '&XyZ'],
      ['off'],
    ]
    for (const rules of cases) {
      await d.same('ACL', 'SETUSER', 'alice', ...rules)
      await d.same('ACL', 'LIST')
      await d.same('ACL', 'GETUSER', 'alice')
    }
    await d.both('HELLO', '3')
    await d.same('ACL', 'GETUSER', 'alice')
    await d.same('ACL', 'GETUSER', 'default')
    await d.both('HELLO', '2')
  })

  test('descriptions with single commands, compared word by word', async () => {
    for (const rules of [
      ['reset', '+@all', '-@stream', '+xlen', '+xadd'],
      ['reset', '+@hash', '+@list', '-hdel', '-lpush', '+get'],
      ['reset', '-@all', '+config|get', '+select|0', '+config|set'],
      ['reset', '-@all', '+@hash', '-@write'],
      ['reset', '+@hash', '-hdel', '+get', '+client|list'],
    ]) {
      await d.same('ACL', 'SETUSER', 'bob', ...rules)
      await sameWords(d, 'ACL', 'GETUSER', 'bob')
    }
  })

  test('selectors', async () => {
    await d.same('ACL', 'SETUSER', 's1', 'on', 'nopass', '~a*', '+get', '(~b*', '+set', '&x)', '(%R~c*', '+@hash)')
    await d.same('ACL', 'LIST')
    await d.same('ACL', 'GETUSER', 's1')
    await d.same('ACL', 'DRYRUN', 's1', 'SET', 'b1', 'x')
    await d.same('ACL', 'DRYRUN', 's1', 'SET', 'a1', 'x')
    await d.same('ACL', 'DRYRUN', 's1', 'HSET', 'c1', 'f', 'v')
    await d.same('ACL', 'DRYRUN', 's1', 'HGET', 'c1', 'f')
    await d.same('ACL', 'DRYRUN', 's1', 'GET', 'b1')
    await d.same('ACL', 'SETUSER', 's1', '(', '+get)', '()')
    await d.same('ACL', 'GETUSER', 's1')
    await d.same('ACL', 'SETUSER', 's1', 'clearselectors')
    await d.same('ACL', 'LIST')
    await d.sameError('ACL', 'SETUSER', 's1', '(~x')
    await d.sameError('ACL', 'SETUSER', 's1', '(+get', 'bogus)')
  })

  test('SETUSER errors leave the user unchanged', async () => {
    await d.same('ACL', 'SETUSER', 'e', 'on', '~x')
    for (const bad of [
      'foo',
      '+nosuch',
      '+@nosuch',
      '-@nosuch',
      '+acl|nosuch',
      '+select|0|1',
      '-select|0',
      '+client|',
      '+|get',
      '#abc',
      '#ABCDEF' + '0'.repeat(58),
      '<nosuch',
      '!' + '0'.repeat(64),
      '%X~k',
      '%~k',
      '%RWR~z',
    ]) {
      await d.sameError('ACL', 'SETUSER', 'e', 'off', bad)
      await d.same('ACL', 'LIST')
    }
    await d.same('ACL', 'SETUSER', 'e', 'allkeys', 'allchannels')
    await d.sameError('ACL', 'SETUSER', 'e', '~x')
    await d.sameError('ACL', 'SETUSER', 'e', '%R~x')
    await d.sameError('ACL', 'SETUSER', 'e', '&x')
    await d.sameError('ACL', 'SETUSER', 'a b')
    await d.sameError('ACL', 'SETUSER')
    await d.sameError('ACL', 'GETUSER')
    await d.sameError('ACL', 'NOSUCH')
  })

  test('DELUSER, USERS, and the default user', async () => {
    await d.same('ACL', 'SETUSER', 'u1')
    await d.same('ACL', 'SETUSER', 'u2')
    await d.same('ACL', 'USERS')
    await d.same('ACL', 'DELUSER', 'u1', 'nosuch', 'u1')
    await d.sameError('ACL', 'DELUSER', 'default')
    await d.sameError('ACL', 'DELUSER', 'u2', 'default')
    await d.sameError('ACL', 'DELUSER')
    await d.same('ACL', 'USERS')
  })

  test('CAT of a category; GENPASS; LOAD and SAVE without a file', async () => {
    // categories whose commands redlet all has
    for (const cat of ['transaction', 'hash', 'string', 'list', 'set', 'SortedSet', 'pubsub', 'scripting', 'stream', 'bitmap', 'geo', 'hyperloglog', 'blocking']) {
      await d.sameSorted('ACL', 'CAT', cat)
    }
    await d.sameError('ACL', 'CAT', 'nosuch')
    await d.sameError('ACL', 'CAT', 'a', 'b')
    for (const bits of ['1', '4', '5', '9', '256', '4096']) {
      const [a, b] = await d.both('ACL', 'GENPASS', bits)
      expect(b.length, bits).toBe(a.length)
    }
    const [a, b] = await d.both('ACL', 'GENPASS')
    expect(b.length).toBe(a.length)
    await d.sameError('ACL', 'GENPASS', '0')
    await d.sameError('ACL', 'GENPASS', '4097')
    await d.sameError('ACL', 'GENPASS', 'x')
    await d.sameError('ACL', 'GENPASS', '1', '2')
    await d.sameError('ACL', 'LOAD')
    await d.sameError('ACL', 'SAVE')
    await d.sameError('ACL', 'WHOAMI', 'x')
    await d.sameError('ACL', 'USERS', 'x')
    await d.sameError('ACL', 'LIST', 'x')
    await d.sameError('ACL', 'HELP', 'x')
  })

  test('AUTH and HELLO with users; requirepass is the default user’s password', async () => {
    await d.same('ACL', 'SETUSER', 'sc', 'on', '>p', '~k*', '+@all', '-@dangerous')
    await d.same('ACL', 'SETUSER', 'off1', 'off', '>p', '+@all', '~*')
    await d.sameError('AUTH', 'x')
    await d.same('AUTH', 'default', 'anything')
    await d.sameError('AUTH', 'off1', 'p')
    await d.sameError('AUTH', 'nobody', 'p')
    await d.sameError('AUTH', 'sc', 'wrong')
    await d.sameError('HELLO', '3', 'AUTH', 'off1', 'p')
    const c = await d.connect()
    // HELLO's reply differs only in the connection id
    const noId = (buf: Buffer): unknown => (parseReply(buf) as unknown[]).filter((_, i) => i !== 7)
    const [ha, hb] = await c.both('HELLO', '2', 'AUTH', 'sc', 'p')
    expect(noId(hb)).toEqual(noId(ha))
    await c.same('ACL', 'WHOAMI')
    await c.same('AUTH', 'sc', 'p')
    await d.same('CONFIG', 'SET', 'requirepass', 'secret')
    await d.same('ACL', 'LIST')
    const n = await d.connect()
    await n.sameError('GET', 'k')
    await n.sameError('AUTH', 'wrong')
    await n.same('AUTH', 'secret')
    await n.same('ACL', 'WHOAMI')
    await d.same('ACL', 'SETUSER', 'default', '>zz')
    await n.same('AUTH', 'zz')
    await d.same('CONFIG', 'GET', 'requirepass')
    await d.same('CONFIG', 'SET', 'requirepass', '')
    await d.same('ACL', 'LIST')
  })

  test('NOPERM: commands, keys by read/write flags, channels; MULTI aborts', async () => {
    await d.same('ACL', 'SETUSER', 'u', 'on', '>pw', '~k*', '%R~r*', '%W~w*', '&ch*', '+@all', '-@dangerous', '-client|kill')
    const u = await d.connect()
    await u.same('AUTH', 'u', 'pw')
    await u.same('SET', 'k1', 'v')
    await u.same('GET', 'k1')
    await u.sameError('GET', 'x')
    await u.same('GET', 'r1')
    await u.sameError('SET', 'r1', 'v')
    await u.same('SET', 'w1', 'v')
    await u.sameError('SET', 'w1', 'v', 'GET')
    await u.sameError('GET', 'w1')
    await u.sameError('MSET', 'k1', '1', 'x', '2')
    await u.sameError('COPY', 'k1', 'r2')
    await u.sameError('RENAME', 'r1', 'w1')
    await u.sameError('FLUSHALL')
    await u.sameError('CLIENT', 'KILL', 'ID', '1')
    await u.same('CLIENT', 'ID').catch(() => undefined)
    await u.same('PUBLISH', 'ch1', 'm')
    await u.sameError('PUBLISH', 'x', 'm')
    await u.sameError('SUBSCRIBE', 'x')
    await u.sameError('PSUBSCRIBE', 'c*')
    await u.sameError('SORT', 'k1', 'STORE', 'x')
    await u.sameError('OBJECT', 'ENCODING', 'x')
    await u.same('MULTI')
    await u.sameError('GET', 'x')
    await u.sameError('FLUSHALL')
    await u.same('GET', 'k')
    await u.sameError('EXEC')
    await u.sameError('ACL', 'LOG')
  })

  test('scripts run with the caller’s permissions', async () => {
    await d.same('ACL', 'SETUSER', 'sc', 'on', '>p', '~k*', '+@all', '-@dangerous')
    const c = await d.connect()
    await c.same('AUTH', 'sc', 'p')
    await c.sameError('EVAL', "return redis.call('get','x')", '0')
    await c.sameError('EVAL', "return redis.pcall('get','x')", '0')
    await c.sameError('EVAL', "return redis.call('flushall')", '0')
    await c.sameError('EVAL', "return redis.call('publish','ch','x')", '0')
    await c.same('EVAL', "return redis.acl_check_cmd('get','x')", '0')
    await c.same('EVAL', "return redis.acl_check_cmd('get','k1')", '0')
    await c.same('EVAL', "return redis.acl_check_cmd('flushall')", '0')
    await c.same('EVAL', "return redis.call('get','k1')", '1', 'k1')
    await c.sameError('EVAL', 'return 1', '1', 'x')
  })

  test('DRYRUN', async () => {
    await d.same('ACL', 'SETUSER', 'u', 'on', '>pw', '~k*', '%R~r*', '&ch*', '+@all', '-@dangerous', '-client|kill')
    await d.same('ACL', 'SETUSER', 'v', 'on', 'nopass', '+@all', '~*', '&ch*')
    for (const argv of [
      ['GET', 'x'],
      ['GET', 'k1'],
      ['FLUSHALL'],
      ['PUBLISH', 'x', 'y'],
      ['PUBLISH', 'ch1', 'y'],
      ['CLIENT', 'KILL', 'ID', '1'],
      ['SET', 'r1', 'x'],
      ['COPY', 'k1', 'r1'],
      ['SUBSCRIBE', 'x'],
      ['PSUBSCRIBE', 'ch*'],
      ['PSUBSCRIBE', 'ch1'],
    ]) {
      await d.same('ACL', 'DRYRUN', 'u', ...argv)
      await d.same('ACL', 'DRYRUN', 'v', ...argv)
    }
    await d.same('ACL', 'DRYRUN', 'v', 'SSUBSCRIBE', 'chb')
    await d.same('ACL', 'DRYRUN', 'v', 'PUBSUB', 'NUMSUB', 'xb')
    await d.sameError('ACL', 'DRYRUN', 'nouser', 'GET', 'x')
    await d.sameError('ACL', 'DRYRUN', 'u', 'NOCMD')
    await d.sameError('ACL', 'DRYRUN', 'u', 'GET')
    await d.sameError('ACL', 'DRYRUN', 'u', 'CLIENT', 'NOSUCH')
    await d.sameError('ACL', 'DRYRUN', 'u', 'CLIENT')
    await d.sameError('ACL', 'DRYRUN')
  })

  test('LOG: refusals and failed logins, grouped, newest first', async () => {
    await d.same('ACL', 'SETUSER', 'u', 'on', '>pw', '~k*', '+@all', '-flushall')
    const u = await d.connect()
    await u.same('AUTH', 'u', 'pw')
    await u.sameError('GET', 'x')
    await u.sameError('GET', 'x')
    await u.sameError('FLUSHALL')
    await u.sameError('AUTH', 'nobody', 'x')
    await u.sameError('HELLO', '2', 'AUTH', 'nobody', 'y')
    await u.sameError('EVAL', "return redis.pcall('get','x')", '0')
    const fields = (buf: Buffer): unknown =>
      (parseReply(buf) as unknown[][]).map((e) => e.filter((_, i) => i < 10))
    const [a, b] = await d.both('ACL', 'LOG')
    expect(fields(b)).toEqual(fields(a))
    const [a1, b1] = await d.both('ACL', 'LOG', '1')
    expect(fields(b1)).toEqual(fields(a1))
    await d.same('ACL', 'LOG', '0')
    await d.same('ACL', 'LOG', '-1')
    await d.sameError('ACL', 'LOG', 'x')
    await d.sameError('ACL', 'LOG', '1', '2')
    await d.same('ACL', 'LOG', 'RESET')
    await d.same('ACL', 'LOG')
  })

  test('CONFIG: acllog-max-len, acl-pubsub-default', async () => {
    await d.sameSorted('CONFIG', 'GET', 'acl*')
    await d.sameError('CONFIG', 'SET', 'acl-pubsub-default', 'x')
    await d.same('CONFIG', 'SET', 'acl-pubsub-default', 'allchannels')
    await d.same('ACL', 'SETUSER', 'p1')
    await d.same('ACL', 'SETUSER', 'p2', 'reset')
    await d.same('ACL', 'LIST')
    await d.same('CONFIG', 'SET', 'acl-pubsub-default', 'resetchannels')
  })
})
