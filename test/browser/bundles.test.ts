/**
 * The minified bundles are self-contained and portable: no imports left, no
 * Node API, no reference to a platform global other than the optional ones the
 * adapter looks up by name (setTimeout, Buffer, indexedDB, console). Prints
 * their sizes, minified and gzipped.
 */
import { gzipSync } from 'node:zlib'
import { describe, expect, test } from 'vitest'
import { browserBundles, buildBundle } from '../../playground/build.mjs'
import { ROOT } from './harness.js'

describe('browser bundles', () => {
  test.each(browserBundles.map((b) => b.name))('%s has no imports and no Node API', async (name) => {
    const { text, metafile } = await buildBundle(ROOT, name, false)
    const code = text ?? ''
    const output = Object.values(metafile.outputs)[0]
    expect(output?.imports).toEqual([])
    expect(Object.keys(metafile.inputs).filter((f) => f.includes('node_modules'))).toEqual([])
    expect(code).not.toMatch(/\brequire\(|\bimport\(|\bimport\s*[{*\w][^;]*\bfrom\s*["']|["']node:|\bprocess\.|\b__dirname\b|\bTextEncoder\b|\bTextDecoder\b/)
    const gz = gzipSync(code, { level: 9 }).length
    console.log(`${name}: ${(code.length / 1024).toFixed(1)} KiB minified, ${(gz / 1024).toFixed(1)} KiB gzipped`)
    expect(code.length).toBeGreaterThan(10000)
  })
})
