/**
 * The redis-py tour (../shared/seeds/003_*.txt) run unchanged against redlet and
 * against the real redis-server, both with `--requirepass 1234`: outputs, exceptions
 * included, must be equal.
 */
import { expect, test } from 'vitest'
import { describeDiff } from '../helpers/differential.js'
import { useServerPair } from '../helpers/servers.js'
import { codeBlocks, normalizeKeyLists, normalizeSets, runPython, substitute } from './seeds.js'

const FILE = '003_c45c0890fe55577b.txt'
const blocks = codeBlocks(FILE, 'python')

/** Blocks by their place in the document. */
const SECTIONS: [string, number][] = [
  ['quick start (password and URL)', 1],
  ['connection pool', 2],
  ['generic operations', 3],
  ['strings', 4],
  ['counters', 5],
  ['hash', 6],
  ['hash expiry', 7],
  ['list', 8],
  ['set', 9],
  ['sorted set', 10],
  ['queue example 1 (lpush and brpop with a timeout)', 11],
  ['pipeline', 14],
]

/** Lines that print a random pick: any member of the set is right. */
const RANDOM_LINES: Record<number, { lines: number[]; members: string[] }> = {
  9: { lines: [2, 4], members: ['a', 'b', 'c', '1', '2', '3'] },
}

describeDiff('redis-py seed examples', () => {
  const servers = useServerPair({ password: '1234' })

  for (const [name, index] of SECTIONS) {
    test(name, async () => {
      const code = blocks[index] as string
      expect(code).toContain('import redis')
      const [a, b] = await Promise.all([runPython(`oracle_${index}`, substitute(code, servers.oracle.port)), runPython(`redlet_${index}`, substitute(code, servers.redlet.port))])
      const tidy = (s: string, who: string): string => {
        let out = normalizeKeyLists(code, normalizeSets(s.replaceAll(`${who}_${index}.py`, 'example.py')))
        const r = RANDOM_LINES[index]
        if (r) {
          const lines = out.split('\n')
          for (const i of r.lines) if (r.members.includes(lines[i] as string)) lines[i] = '<random member>'
          out = lines.join('\n')
        }
        return out
      }
      expect(tidy(b.stdout, 'redlet')).toBe(tidy(a.stdout, 'oracle'))
      expect(tidy(b.stderr, 'redlet')).toBe(tidy(a.stderr, 'oracle'))
      expect(b.code).toBe(a.code)
    }, 60000)
  }
})
