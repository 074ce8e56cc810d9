import { describe, expect, test } from 'vitest'
import { testEngine, type TestClient } from '../../helpers/engine.js'
import { bulk, OK } from '../../helpers/resp-text.js'

function setup(): { c: TestClient; t: ReturnType<typeof testEngine> } {
  const t = testEngine()
  return { t, c: t.client() }
}

describe('ACL SETUSER', () => {
  test('creates and changes users; errors name the rule', () => {
    const { c } = setup()
    expect(c('ACL', 'SETUSER', 'alice', 'on', '>pw', '~k*', '+get')).toBe(OK)
    expect(c('ACL', 'SETUSER', 'alice', '+set')).toBe(OK)
    expect(c('ACL', 'LIST')).toContain(bulk('user alice on #30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4 ~k* resetchannels -@all +get +set'))
    expect(c('ACL', 'SETUSER', 'alice', 'bogus')).toBe("-ERR Error in ACL SETUSER modifier 'bogus': Syntax error\r\n")
    expect(c('ACL', 'SETUSER', 'a b')).toBe("-ERR Usernames can't contain spaces or null characters\r\n")
    expect(c('ACL', 'SETUSER')).toBe("-ERR wrong number of arguments for 'acl|setuser' command\r\n")
  })

  test('acl-pubsub-default decides the channels of new users', () => {
    const { c } = setup()
    c('CONFIG', 'SET', 'acl-pubsub-default', 'allchannels')
    c('ACL', 'SETUSER', 'p')
    expect(c('ACL', 'LIST')).toContain(bulk('user p off &* -@all'))
  })

  test('taking a channel away drops the user’s subscribers', () => {
    const { t, c } = setup()
    c('ACL', 'SETUSER', 's', 'on', 'nopass', '+@all', '&news')
    let closed = false
    const sub = t.engine.createSession({ write: () => {}, close: () => void (closed = true) })
    t.engine.dispatch(sub, ['AUTH', 's', 'x'])
    t.engine.dispatch(sub, ['SUBSCRIBE', 'news'])
    c('ACL', 'SETUSER', 's', 'resetchannels', '&other')
    expect(closed).toBe(true)
  })
})

describe('ACL GETUSER', () => {
  test('RESP2 array and RESP3 map; nil for no such user', () => {
    const { t, c } = setup()
    c('ACL', 'SETUSER', 'u', 'on', 'nopass', '~a', '(+get ~b)')
    expect(c('ACL', 'GETUSER', 'u')).toBe(
      '*12\r\n$5\r\nflags\r\n*2\r\n$2\r\non\r\n$6\r\nnopass\r\n$9\r\npasswords\r\n*0\r\n$8\r\ncommands\r\n$5\r\n-@all\r\n$4\r\nkeys\r\n$2\r\n~a\r\n$8\r\nchannels\r\n$0\r\n\r\n$9\r\nselectors\r\n*1\r\n*6\r\n$8\r\ncommands\r\n$10\r\n-@all +get\r\n$4\r\nkeys\r\n$2\r\n~b\r\n$8\r\nchannels\r\n$0\r\n\r\n',
    )
    const c3 = t.client({ proto: 3 })
    expect(c3('ACL', 'GETUSER', 'default')).toBe(
      '%6\r\n$5\r\nflags\r\n~2\r\n$2\r\non\r\n$6\r\nnopass\r\n$9\r\npasswords\r\n*0\r\n$8\r\ncommands\r\n$5\r\n+@all\r\n$4\r\nkeys\r\n$2\r\n~*\r\n$8\r\nchannels\r\n$2\r\n&*\r\n$9\r\nselectors\r\n*0\r\n',
    )
    expect(c('ACL', 'GETUSER', 'nosuch')).toBe('$-1\r\n')
  })
})

describe('ACL CAT', () => {
  test('categories, and the commands of one', () => {
    const { c } = setup()
    expect(c('ACL', 'CAT')).toMatch(/^\*21\r\n\$8\r\nkeyspace\r\n/)
    expect(c('ACL', 'CAT', 'transaction').split('\r\n').filter((l) => !l.startsWith('$') && !l.startsWith('*') && l !== '').sort()).toEqual(['discard', 'exec', 'multi', 'unwatch', 'watch'])
    expect(c('ACL', 'CAT', 'pubsub')).toContain('pubsub|numsub')
    expect(c('ACL', 'CAT', 'nosuch')).toBe("-ERR Unknown category 'nosuch'\r\n")
    expect(c('ACL', 'CAT', 'a', 'b')).toBe("-ERR unknown subcommand or wrong number of arguments for 'CAT'. Try ACL HELP.\r\n")
  })
})

describe('ACL LIST and ACL USERS', () => {
  test('in name order', () => {
    const { c } = setup()
    c('ACL', 'SETUSER', 'zed')
    c('ACL', 'SETUSER', 'amy')
    expect(c('ACL', 'USERS')).toBe('*3\r\n$3\r\namy\r\n$7\r\ndefault\r\n$3\r\nzed\r\n')
    expect(c('ACL', 'LIST')).toBe(`*3\r\n${bulk('user amy off resetchannels -@all')}${bulk('user default on nopass ~* &* +@all')}${bulk('user zed off resetchannels -@all')}`)
    expect(c('ACL', 'LIST', 'x')).toBe("-ERR wrong number of arguments for 'acl|list' command\r\n")
    expect(c('ACL', 'USERS', 'x')).toBe("-ERR wrong number of arguments for 'acl|users' command\r\n")
  })
})

describe('ACL DELUSER', () => {
  test('counts deleted users, refuses default, disconnects their clients', () => {
    const { t, c } = setup()
    c('ACL', 'SETUSER', 'gone', 'on', 'nopass', '+@all')
    let closed = false
    const s = t.engine.createSession({ write: () => {}, close: () => void (closed = true) })
    t.engine.dispatch(s, ['AUTH', 'gone', 'x'])
    expect(c('ACL', 'DELUSER', 'gone', 'nosuch')).toBe(':1\r\n')
    expect(closed).toBe(true)
    expect(c('ACL', 'DELUSER', 'default')).toBe("-ERR The 'default' user cannot be removed\r\n")
  })
})

describe('ACL WHOAMI and AUTH', () => {
  test('AUTH switches users; WRONGPASS is logged', () => {
    const { t, c } = setup()
    c('ACL', 'SETUSER', 'bob', 'on', '>secret', '+@all', '~*')
    const b = t.client()
    expect(b('ACL', 'WHOAMI')).toBe(bulk('default'))
    expect(b('AUTH', 'bob', 'nope')).toBe('-WRONGPASS invalid username-password pair or user is disabled.\r\n')
    expect(b('AUTH', 'bob', 'secret')).toBe(OK)
    expect(b('ACL', 'WHOAMI')).toBe(bulk('bob'))
    expect(b('HELLO', '3', 'AUTH', 'bob', 'secret')).toContain('proto')
    expect(c('ACL', 'LOG')).toContain('$4\r\nauth\r\n')
    expect(c('ACL', 'WHOAMI', 'x')).toBe("-ERR wrong number of arguments for 'acl|whoami' command\r\n")
  })

  test('a default user with a password: new clients need AUTH', () => {
    const { t, c } = setup()
    c('ACL', 'SETUSER', 'default', 'resetpass', '>pw')
    const n = t.client()
    expect(n('GET', 'k')).toBe('-NOAUTH Authentication required.\r\n')
    expect(n('AUTH', 'pw')).toBe(OK)
    expect(n('GET', 'k')).toBe('$-1\r\n')
    expect(n('RESET')).toBe('+RESET\r\n')
    expect(n('GET', 'k')).toBe('-NOAUTH Authentication required.\r\n')
  })
})

describe('permission checks', () => {
  test('NOPERM for commands, keys and channels; refused commands do not queue', () => {
    const { t, c } = setup()
    c('ACL', 'SETUSER', 'u', 'on', 'nopass', '~k*', '&ch', '+@all', '-flushall')
    const u = t.client()
    u('AUTH', 'u', 'x')
    expect(u('FLUSHALL')).toBe("-NOPERM this user has no permissions to run the 'flushall' command\r\n")
    expect(u('GET', 'x')).toBe('-NOPERM this user has no permissions to access one of the keys used as arguments\r\n')
    expect(u('PUBLISH', 'x', 'm')).toBe('-NOPERM this user has no permissions to access one of the channels used as arguments\r\n')
    expect(u('SET', 'k1', 'v')).toBe(OK)
    u('MULTI')
    expect(u('GET', 'x')).toMatch(/^-NOPERM/)
    expect(u('EXEC')).toBe('-EXECABORT Transaction discarded because of previous errors.\r\n')
    expect(c('ACL', 'LOG', '1')).toContain('$5\r\nmulti\r\n')
  })
})

describe('ACL DRYRUN', () => {
  test('OK or the reason, without running', () => {
    const { c } = setup()
    c('ACL', 'SETUSER', 'u', 'on', 'nopass', '~k*', '+@all', '-flushall')
    expect(c('ACL', 'DRYRUN', 'u', 'SET', 'k', 'v')).toBe(OK)
    expect(c('EXISTS', 'k')).toBe(':0\r\n')
    expect(c('ACL', 'DRYRUN', 'u', 'GET', 'x')).toBe(bulk("This user has no permissions to access the 'x' key"))
    expect(c('ACL', 'DRYRUN', 'u', 'FLUSHALL')).toBe(bulk("This user has no permissions to run the 'flushall' command"))
    expect(c('ACL', 'DRYRUN', 'nobody', 'GET', 'x')).toBe("-ERR User 'nobody' not found\r\n")
    expect(c('ACL', 'DRYRUN', 'u', 'NOPE')).toBe("-ERR Command 'NOPE' not found\r\n")
    expect(c('ACL', 'DRYRUN', 'u', 'GET')).toBe("-ERR wrong number of arguments for 'get' command\r\n")
  })
})

describe('ACL GENPASS', () => {
  test('hex of the asked bits, 256 by default', () => {
    const { c } = setup()
    expect(c('ACL', 'GENPASS')).toMatch(/^\$64\r\n[0-9a-f]{64}\r\n$/)
    expect(c('ACL', 'GENPASS', '5')).toMatch(/^\$2\r\n[0-9a-f]{2}\r\n$/)
    expect(c('ACL', 'GENPASS', '0')).toBe('-ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to 4096\r\n')
    expect(c('ACL', 'GENPASS', 'x')).toBe('-ERR value is not an integer or out of range\r\n')
  })
})

describe('ACL LOG', () => {
  test('entries, a count, RESET', () => {
    const { t, c } = setup()
    c('ACL', 'SETUSER', 'u', 'on', 'nopass', '+get', '~k')
    const u = t.client()
    u('AUTH', 'u', 'x')
    u('GET', 'x')
    u('GET', 'x')
    t.clock.advance(1500)
    const log = c('ACL', 'LOG')
    expect(log).toMatch(/^\*1\r\n\*14\r\n\$5\r\ncount\r\n:2\r\n\$6\r\nreason\r\n\$3\r\nkey\r\n\$7\r\ncontext\r\n\$8\r\ntoplevel\r\n\$6\r\nobject\r\n\$1\r\nx\r\n\$8\r\nusername\r\n\$1\r\nu\r\n\$11\r\nage-seconds\r\n\$3\r\n1.5\r\n/)
    expect(c('ACL', 'LOG', '0')).toBe('*0\r\n')
    expect(c('ACL', 'LOG', 'RESET')).toBe(OK)
    expect(c('ACL', 'LOG')).toBe('*0\r\n')
    expect(c('ACL', 'LOG', 'x')).toBe('-ERR value is not an integer or out of range\r\n')
  })
})

describe('ACL LOAD, ACL SAVE, ACL HELP', () => {
  test('no ACL file; help text', () => {
    const { c } = setup()
    expect(c('ACL', 'LOAD')).toMatch(/^-ERR This Redis instance is not configured to use an ACL file/)
    expect(c('ACL', 'SAVE')).toMatch(/^-ERR This Redis instance is not configured to use an ACL file/)
    expect(c('ACL', 'HELP')).toMatch(/^\*29\r\n\+ACL <subcommand>/)
  })
})
