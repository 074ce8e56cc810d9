import { describe, expect, test } from 'vitest'
import { installLua } from '../../../adapters/lua/index.js'
import { parseNumeral } from '../../../adapters/lua/patch.js'
import { testEngine, type TestClient } from '../../helpers/engine.js'

function lua(): TestClient {
  const t = testEngine()
  installLua(t.engine)
  return t.client()
}

const bulk = (s: string): string => `$${s.length}\r\n${s}\r\n`

/** Runs a script, returning the RESP text of its reply. */
const run = (c: TestClient, script: string): string => c('EVAL', script, 0)

describe('Lua 5.1 on fengari', () => {
  test('numbers are doubles: no 32-bit integer wrap, 5.1 printing', () => {
    const c = lua()
    expect(run(c, 'return 2147483647 + 1')).toBe(':2147483648\r\n')
    expect(run(c, 'return 65536 * 65536')).toBe(':4294967296\r\n')
    expect(run(c, 'return tostring(4/2) .. " " .. tostring(7 // 2)')).toBe('$3\r\n2 3\r\n')
    expect(run(c, 'local t = {} for i = 1, 2 do t[#t + 1] = i .. "" end return t')).toBe('*2\r\n$1\r\n1\r\n$1\r\n2\r\n')
    expect(run(c, 'return {tonumber(" 0x10 "), tonumber("1e2"), tonumber("x")}')).toBe('*2\r\n:16\r\n:100\r\n')
  })

  test('strtod-style numerals', () => {
    expect(parseNumeral(' 12 ')).toBe(12)
    expect(parseNumeral('0x1p4')).toBe(16)
    expect(parseNumeral('-0x10')).toBe(-16)
    expect(parseNumeral('.5')).toBe(0.5)
    expect(parseNumeral('5.')).toBe(5)
    expect(parseNumeral('inf')).toBe(Infinity)
    expect(parseNumeral('1e')).toBe(null)
    expect(parseNumeral('0x')).toBe(null)
    expect(parseNumeral('')).toBe(null)
  })

  test('pairs walks array items in order, as 5.1 walks its array part', () => {
    const c = lua()
    expect(run(c, 'local s = "" for k, v in pairs({"a", "b", "c", nil, "e"}) do s = s .. k .. v end return s')).toBe('$8\r\n1a2b3c5e\r\n')
  })

  test('runtime errors use 5.1 wording', () => {
    const c = lua()
    expect(run(c, 'local t = nil return t.x')).toMatch(/^-ERR user_script:1: attempt to index local 't' \(a nil value\) script: /)
    expect(run(c, 'local t = {} return t.a.b')).toMatch(/^-ERR user_script:1: attempt to index field 'a' \(a nil value\) script: /)
    expect(run(c, 'local t = {} t:m()')).toMatch(/^-ERR user_script:1: attempt to call method 'm' \(a nil value\) script: /)
    expect(c('EVAL', 'local function', 0)).toBe("-ERR Error compiling script (new function): user_script:1: '<name>' expected near '<eof>'\r\n")
  })

  test('globals are read-only and missing ones are errors', () => {
    const c = lua()
    expect(run(c, 'x = 1')).toMatch(/^-ERR user_script:1: Attempt to modify a readonly table script: /)
    expect(run(c, 'rawset(_G, "x", 1)')).toMatch(/^-ERR Attempt to modify a readonly table script: /)
    expect(run(c, 'return print')).toMatch(/^-ERR user_script:1: Script attempted to access nonexistent global variable 'print' script: /)
    expect(run(c, 'return type(os)')).toMatch(/nonexistent global variable 'os'/)
    expect(run(c, 'local t = {} t.x = 1 return t.x')).toBe(':1\r\n')
  })

  test('string.format is C printf', () => {
    const c = lua()
    expect(run(c, "return string.format('%5.1f|%d|%x|%q', 2.25, 3e10, -1, 'a\\nb')")).toBe(bulk('  2.2|30000000000|ffffffffffffffff|"a\\\nb"'))
  })
})

describe('bundled libraries', () => {
  test('cjson', () => {
    const c = lua()
    expect(run(c, "return cjson.encode({a={1,2,{b=true}}, n=cjson.null})")).toBe(bulk('{"a":[1,2,{"b":true}],"n":null}'))
    expect(run(c, 'return cjson.encode({})')).toBe('$2\r\n{}\r\n')
    expect(run(c, "return cjson.decode('[1,2,null]')")).toBe('*3\r\n:1\r\n:2\r\n$-1\r\n')
    expect(run(c, "return cjson.decode('[1,')")).toMatch(/^-ERR user_script:1: Expected value but found T_END at character 4 script: /)
    expect(run(c, 'return cjson.encode(1/3)')).toBe('$16\r\n0.33333333333333\r\n')
  })

  test('cmsgpack', () => {
    const c = lua()
    expect(run(c, "return cmsgpack.pack({1, 'a', true}, 300, -1)")).toBe(bulk('\x93\x01\xa1a\xc3\xcd\x01\x2c\xff'))
    expect(run(c, "return {cmsgpack.unpack(cmsgpack.pack(1, 'a', {2}))}")).toBe('*3\r\n:1\r\n$1\r\na\r\n*1\r\n:2\r\n')
    expect(run(c, "return cmsgpack.unpack('\\193')")).toMatch(/^-ERR user_script:1: Bad data format in input\. script: /)
  })

  test('bit', () => {
    const c = lua()
    expect(run(c, 'return {bit.band(0xff, 0x0f), bit.bor(1, 2), bit.bxor(5, 3), bit.lshift(1, 31), bit.tobit(2^32 + 5), bit.tohex(255, -4)}')).toBe(
      '*6\r\n:15\r\n:3\r\n:6\r\n:-2147483648\r\n:5\r\n$4\r\n00FF\r\n',
    )
  })

  test('struct', () => {
    const c = lua()
    expect(run(c, "return struct.pack('>i2<i2', 1, 1)")).toBe('$4\r\n\x00\x01\x01\x00\r\n')
    expect(run(c, "return {struct.unpack('>i2s', '\\0\\5ab\\0')}")).toBe('*3\r\n:5\r\n$2\r\nab\r\n:6\r\n')
    expect(run(c, "return struct.size('!bhi')")).toBe(':8\r\n')
  })
})
