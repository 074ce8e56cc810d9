/** The fuzzer's top-level arbitrary: an encoding profile, a protocol, and a sequence of steps. */
import * as fc from 'fast-check'
import { pick } from './build.js'
import { hashSteps, setSteps } from './commands-hash-set.js'
import { keySteps } from './commands-keys.js'
import { listSteps } from './commands-list.js'
import { zsetSteps } from './commands-zset.js'
import { showStep, step, type Step } from './step.js'

/** Encoding thresholds for one sequence, set with CONFIG SET on both servers. */
export interface Profile {
  readonly name: string
  readonly config: Readonly<Record<string, string>>
}

const profile = (name: string, hash: [string, string], zset: [string, string], intset: string): Profile => ({
  name,
  config: {
    'hash-max-listpack-entries': hash[0],
    'hash-max-listpack-value': hash[1],
    'zset-max-listpack-entries': zset[0],
    'zset-max-listpack-value': zset[1],
    'set-max-intset-entries': intset,
  },
})

/** Redis's defaults; small limits (conversions after a few members); zero/one (conversion at once). */
export const PROFILES: readonly Profile[] = [
  profile('default', ['512', '64'], ['128', '64'], '512'),
  profile('small', ['4', '8'], ['4', '8'], '4'),
  profile('tiny', ['0', '1'], ['0', '1'], '1'),
]

export interface Sequence {
  readonly profile: Profile
  readonly resp3: boolean
  readonly steps: readonly Step[]
}

const anyStep = pick([26, hashSteps], [24, listSteps], [24, setSteps], [34, zsetSteps], [12, keySteps])

/** Now and then a command loses its tail (wrong arity, an option without its value). */
export const fuzzStep: fc.Arbitrary<Step> = fc.tuple(anyStep, fc.oneof({ weight: 97, arbitrary: fc.constant(undefined) }, { weight: 3, arbitrary: fc.nat() })).map(([s, cut]) =>
  cut === undefined || s.args.length < 2 ? s : step(s.args.slice(0, 1 + (cut % (s.args.length - 1))), s.mode),
)

/** A few commands (only those compared byte for byte) in MULTI ... EXEC. */
const transaction: fc.Arbitrary<Step> = fc
  .array(fuzzStep.filter((s) => s.mode.k === 'exact'), { minLength: 1, maxLength: 4 })
  .map((steps) => step(['MULTI'], { k: 'multi', steps }))

const anyOrMulti = fc.oneof({ weight: 98, arbitrary: fuzzStep }, { weight: 2, arbitrary: transaction })

export function sequence(maxLength: number): fc.Arbitrary<Sequence> {
  return fc.record({
    profile: fc.oneof({ weight: 3, arbitrary: fc.constant(PROFILES[0] as Profile) }, { weight: 5, arbitrary: fc.constant(PROFILES[1] as Profile) }, { weight: 2, arbitrary: fc.constant(PROFILES[2] as Profile) }),
    resp3: fc.boolean().chain((b) => (b ? fc.boolean() : fc.constant(false))),
    steps: fc.array(anyOrMulti, { minLength: 1, maxLength, size: 'max' }),
  })
}

/** The sequence as redis-cli lines (bytes escaped), to reproduce a failure by hand. */
export function showSequence(s: Sequence): string {
  const head = Object.entries(s.profile.config).map(([k, v]) => `CONFIG SET ${k} ${v}`)
  if (s.resp3) head.push('HELLO 3')
  return [...head, ...s.steps.map(showStep)].join('\n')
}
