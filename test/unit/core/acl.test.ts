import { describe, expect, test } from 'vitest'
import { Acl, DENIED_CHANNEL, DENIED_CMD, DENIED_KEY, type User } from '../../../src/core/acl.js'
import { describeCommands, describeUser } from '../../../src/core/acl-describe.js'
import { AclLog } from '../../../src/core/acl-log.js'
import { applyRules, mergeSelectorArgs } from '../../../src/core/acl-rules.js'
import { commandKeys } from '../../../src/commands/server-command.js'
import { commandTable } from '../../../src/commands/table.js'
import type { Command } from '../../../src/commands/define.js'
import { CommandError } from '../../../src/errors.js'

const acl = (): Acl => new Acl(commandTable.values(), commandKeys)

function user(a: Acl, ...rules: string[]): User {
  const u = applyRules(a, 'u', a.users.get('u'), rules, false)
  a.users.set('u', u)
  a.changed()
  return u
}

function cmd(name: string): Command {
  const [top, sub] = name.split('|') as [string, string | undefined]
  const c = commandTable.get(top) as Command
  return sub === undefined ? c : (c.subs?.get(sub) as Command)
}

function errorOf(fn: () => unknown): string {
  try {
    fn()
  } catch (e) {
    if (e instanceof CommandError) return e.reply
    throw e
  }
  return ''
}

describe('the default user', () => {
  test('may do anything, without a password; requirepass gives it one', () => {
    const a = acl()
    expect(describeUser(a, a.default)).toBe('user default on nopass ~* &* +@all')
    expect(a.open('default')).toBe(true)
    expect(a.defaultAuthenticates()).toBe(true)
    expect(a.authenticate('default', 'anything')).not.toBeNull()
    a.setRequirePass('secret')
    expect(a.defaultAuthenticates()).toBe(false)
    expect(a.authenticate('default', 'nope')).toBeNull()
    expect(a.authenticate('default', 'secret')?.name).toBe('default')
    expect(describeUser(a, a.default)).toBe('user default on #2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b ~* &* +@all')
    a.setRequirePass('')
    expect(a.defaultAuthenticates()).toBe(true)
  })
})

describe('rules', () => {
  test('a new user has nothing and is off; reset adds sanitize-payload', () => {
    const a = acl()
    expect(describeUser(a, user(a))).toBe('user u off resetchannels -@all')
    expect(describeUser(a, user(a, 'reset'))).toBe('user u off sanitize-payload resetchannels -@all')
  })

  test('passwords: > < # ! nopass resetpass', () => {
    const a = acl()
    const u = user(a, 'on', '>p1', '>p2', '>p1', '<p1')
    expect(u.passwords).toHaveLength(1)
    expect(a.authenticate('u', 'p2')).not.toBeNull()
    expect(a.authenticate('u', 'p1')).toBeNull()
    user(a, 'nopass')
    expect(a.authenticate('u', 'whatever')).not.toBeNull()
    user(a, 'resetpass')
    expect(a.authenticate('u', 'whatever')).toBeNull()
    user(a, 'off', 'nopass')
    expect(a.authenticate('u', 'x')).toBeNull()
  })

  test('key patterns merge their flags; channels; all-patterns refuse more', () => {
    const a = acl()
    expect(describeUser(a, user(a, '%R~a', '%W~a', '%W~b', '&c1', '&c1'))).toBe('user u off ~a %W~b resetchannels &c1 -@all')
    expect(errorOf(() => user(a, 'allkeys', '~x'))).toContain("Adding a pattern after the * pattern (or the 'allkeys' flag)")
    expect(errorOf(() => user(a, 'allchannels', '&x'))).toContain("(or the 'allchannels' flag)")
    expect(errorOf(() => user(a, 'resetkeys', '%Q~x'))).toBe("ERR Error in ACL SETUSER modifier '%Q~x': Syntax error")
  })

  test('a failed rule changes nothing', () => {
    const a = acl()
    user(a, 'on', '+get')
    const before = describeUser(a, a.users.get('u') as User)
    expect(errorOf(() => user(a, '+set', '+nosuch'))).toBe("ERR Error in ACL SETUSER modifier '+nosuch': Unknown command or category name in ACL")
    expect(describeUser(a, a.users.get('u') as User)).toBe(before)
  })

  test('selectors given over several arguments', () => {
    expect(mergeSelectorArgs(['on', '(~a', '+get)', '(+set)', '+hget'])).toEqual(['on', '(~a +get)', '(+set)', '+hget'])
    expect(errorOf(() => mergeSelectorArgs(['(~a', '+get']))).toBe("ERR Unmatched parenthesis in acl selector starting at '(~a'.")
  })
})

describe('descriptions', () => {
  test('categories picked by best fit, then single commands and subcommands', () => {
    const a = acl()
    const d = (...rules: string[]): string => describeCommands(a, user(a, 'reset', ...rules).root)
    expect(d('+@hash', '-hdel', '+get')).toBe('-@all +@hash +get -hdel')
    expect(d('+@all', '-client|kill')).toBe('+@all -client|kill')
    expect(d('+client|list', '+client|id')).toBe('-@all +client|id +client|list')
    expect(d('+object', '+object|encoding')).toBe('-@all +object')
    expect(d('+select|0', '+select|1')).toBe('-@all +select|0 +select|1')
    expect(d('+select|0', '-select')).toBe('-@all')
    expect(d('+@string', '+@list')).toBe('-@all +@list +@string')
    expect(d('+@all', '-@write', '-@read')).toBe('+@all -@write -@read')
  })
})

describe('checks', () => {
  test('commands, subcommands and first arguments', () => {
    const a = acl()
    user(a, 'on', 'allkeys', '+get', '+client|list', '+select|1')
    expect(a.check('u', cmd('get'), ['get', 'k'])).toBeNull()
    expect(a.check('u', cmd('set'), ['set', 'k', 'v'])?.reason).toBe(DENIED_CMD)
    expect(a.check('u', cmd('client|list'), ['client', 'list'])).toBeNull()
    expect(a.check('u', cmd('client|kill'), ['client', 'kill'])?.object).toBe('client|kill')
    expect(a.check('u', cmd('select'), ['select', '1'])).toBeNull()
    expect(a.check('u', cmd('select'), ['select', '2'])?.reason).toBe(DENIED_CMD)
  })

  test('keys by the access their key spec asks for', () => {
    const a = acl()
    user(a, 'on', '+@all', '%R~r*', '%W~w*', '~k*')
    expect(a.check('u', cmd('get'), ['get', 'r1'])).toBeNull()
    expect(a.check('u', cmd('get'), ['get', 'w1'])).toMatchObject({ reason: DENIED_KEY, pos: 1, object: 'w1' })
    // SET without GET only writes; with GET it also reads
    expect(a.check('u', cmd('set'), ['set', 'w1', 'v'])).toBeNull()
    expect(a.check('u', cmd('set'), ['set', 'w1', 'v', 'GET'])?.reason).toBe(DENIED_KEY)
    expect(a.check('u', cmd('lmove'), ['lmove', 'k1', 'x', 'left', 'right'])).toMatchObject({ reason: DENIED_KEY, pos: 2 })
  })

  test('channels: globs for channels, literal patterns for PSUBSCRIBE', () => {
    const a = acl()
    user(a, 'on', '+@all', 'allkeys', '&ch*')
    expect(a.check('u', cmd('publish'), ['publish', 'ch1', 'x'])).toBeNull()
    expect(a.check('u', cmd('publish'), ['publish', 'x', 'ch1'])).toMatchObject({ reason: DENIED_CHANNEL, object: 'x' })
    expect(a.check('u', cmd('subscribe'), ['subscribe', 'ch1', 'nope'])).toMatchObject({ pos: 2 })
    expect(a.check('u', cmd('psubscribe'), ['psubscribe', 'ch*'])).toBeNull()
    expect(a.check('u', cmd('psubscribe'), ['psubscribe', 'ch1'])?.reason).toBe(DENIED_CHANNEL)
  })

  test('any selector may allow; otherwise the most relevant refusal', () => {
    const a = acl()
    user(a, 'on', '~a*', '+get', '(~b*', '+set)')
    expect(a.check('u', cmd('set'), ['set', 'b1', 'x'])).toBeNull()
    expect(a.check('u', cmd('get'), ['get', 'b1'])).toMatchObject({ reason: DENIED_KEY, object: 'b1' })
    expect(a.check('u', cmd('del'), ['del', 'a'])?.reason).toBe(DENIED_CMD)
    expect(a.check('nobody', cmd('get'), ['get', 'a'])?.reason).toBe(DENIED_CMD)
  })
})

describe('the log', () => {
  test('groups alike entries within a minute and keeps the newest first', () => {
    const log = new AclLog()
    const e = (object: string, at: number) => ({ reason: 'key' as const, context: 'toplevel' as const, object, username: 'u', at, clientInfo: '' })
    log.add(e('a', 0), 10)
    log.add(e('b', 1), 10)
    log.add(e('a', 2), 10)
    expect(log.entries.map((x) => [x.object, x.count])).toEqual([
      ['a', 2],
      ['b', 1],
    ])
    log.add(e('a', 70_000), 10)
    expect(log.entries.map((x) => [x.object, x.count])).toEqual([
      ['a', 1],
      ['a', 2],
      ['b', 1],
    ])
    log.add(e('c', 70_001), 2)
    expect(log.entries).toHaveLength(2)
  })
})
