/** Small combinators that turn argument arbitraries into fuzzer steps. */
import * as fc from 'fast-check'
import { flat, step, type ArgPart, type Mode, type Step } from './step.js'

export type Part = string | fc.Arbitrary<ArgPart>

const lift = (p: Part): fc.Arbitrary<ArgPart> => (typeof p === 'string' ? fc.constant(p) : p)

/** A command from its parts; `mode` derives the comparison from the final argv. */
export function command(parts: readonly Part[], mode?: (args: string[]) => Mode): fc.Arbitrary<Step> {
  return fc.tuple(...parts.map(lift)).map((xs) => {
    const args = flat(xs)
    return step(args, mode ? mode(args) : { k: 'exact' })
  })
}

/** Optional keyword groups, each present or not, in a random order. */
export function options(...groups: fc.Arbitrary<ArgPart>[]): fc.Arbitrary<ArgPart> {
  return fc
    .tuple(...groups)
    .chain((xs) => {
      const present = xs.filter((x) => x !== undefined && !(Array.isArray(x) && x.length === 0))
      return fc.shuffledSubarray(present, { minLength: present.length, maxLength: present.length })
    })
}

/** `numkeys key...`, with a numkeys that sometimes disagrees with the keys given. */
export function numkeysKeys(keysArb: fc.Arbitrary<string[]>, numkeysArb: (n: number) => fc.Arbitrary<string>): fc.Arbitrary<ArgPart> {
  return keysArb.chain((ks) => numkeysArb(ks.length).map((n) => [n, ...ks]))
}

/** Weighted choice among steps. */
export function pick(...xs: [number, fc.Arbitrary<Step>][]): fc.Arbitrary<Step> {
  return fc.oneof(...xs.map(([weight, arbitrary]) => ({ weight: Math.round(weight * 10), arbitrary })))
}
