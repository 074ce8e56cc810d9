import { describe, expect, test } from 'vitest'
import {
  cellRange,
  decodeScore,
  deinterleave,
  encode,
  formatCoordinate,
  formatFixed,
  geoDistance,
  geohashString,
  geoScore,
  interleave,
  searchAreas,
} from '../../../src/core/values/geohash.js'
import { pqsort } from '../../../src/core/pqsort.js'

describe('geohash', () => {
  test('scores and positions as Redis stores and decodes them', () => {
    expect(geoScore(13.361389, 38.115556)).toBe(3479099956230698)
    expect(geoScore(15.087269, 37.502669)).toBe(3479447370796909)
    const [lon, lat] = decodeScore(3479099956230698)
    expect(formatCoordinate(lon)).toBe('13.36138933897018433')
    expect(formatCoordinate(lat)).toBe('38.11555639549629859')
    // the north-east corner is clamped to the limits
    const ne = decodeScore(geoScore(180, 85.05112878))
    expect(formatCoordinate(ne[0])).toBe('180')
    expect(formatCoordinate(ne[1])).toBe('85.0511287799999991')
  })

  test('interleaving round-trips, including the overflow bit of the upper limit', () => {
    for (const [a, b] of [
      [0, 0],
      [1, 0],
      [0, 1],
      [67108863, 67108863],
      [67108864, 12345],
      [123456, 7654321],
    ] as const) {
      expect(deinterleave(interleave(a, b))).toEqual([a, b])
    }
  })

  test('outside the supported area there is no cell', () => {
    expect(encode(181, 0, 26)).toBe(null)
    expect(encode(0, 86, 26)).toBe(null)
  })

  test('standard geohash strings', () => {
    expect(geohashString(geoScore(13.361389, 38.115556))).toBe('sqc8b49rny0')
    expect(geohashString(geoScore(15.087269, 37.502669))).toBe('sqdtr74hyu0')
  })

  test('distances', () => {
    const [a, b] = [decodeScore(geoScore(13.361389, 38.115556)), decodeScore(geoScore(15.087269, 37.502669))]
    expect(formatFixed(geoDistance(a[0], a[1], b[0], b[1]), 4)).toBe('166274.1516')
    expect(geoDistance(1, 2, 1, 2)).toBe(0)
  })

  test('the search area: the center cell and its neighbours', () => {
    const cells = searchAreas({ kind: 'radius', lon: 15, lat: 37, radius: 200, unit: 1000 })
    expect(cells).toHaveLength(9)
    const center = cells[0]
    expect(center).not.toBe(null)
    const [min, max] = cellRange(center as { bits: number; step: number })
    const s = geoScore(15, 37)
    expect(s >= min && s < max).toBe(true)
  })

  test('formatFixed rounds ties to even like C', () => {
    expect(formatFixed(0.03125, 4)).toBe('0.0312')
    expect(formatFixed(0.09375, 4)).toBe('0.0938')
    expect(formatFixed(2.5, 0)).toBe('2')
    expect(formatFixed(1.25, 6)).toBe('1.250000')
    expect(formatFixed(181, 6)).toBe('181.000000')
    expect(formatFixed(Infinity, 6)).toBe('inf')
    expect(formatCoordinate(-0)).toBe('0')
  })
})

describe('pqsort', () => {
  test('sorts the wanted ranks, like a full sort there', () => {
    const rand = (() => {
      let s = 7
      return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648)
    })()
    for (let t = 0; t < 200; t++) {
      const n = 1 + Math.floor(rand() * 120)
      const arr = Array.from({ length: n }, () => Math.floor(rand() * 20))
      const lo = Math.floor(rand() * n)
      const hi = lo + Math.floor(rand() * (n - lo))
      const copy = [...arr]
      pqsort(copy, (a, b) => a - b, lo, hi)
      const sorted = [...arr].sort((a, b) => a - b)
      expect(copy.slice(lo, hi + 1)).toEqual(sorted.slice(lo, hi + 1))
    }
  })
})
