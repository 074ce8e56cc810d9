/**
 * Partial quicksort as Redis uses it where only ranks `lrange..rrange` are
 * needed (SORT with BY and LIMIT, GEOSEARCH with COUNT): Bentley and
 * McIlroy's "Engineering a Sort Function" (the BSD libc qsort), which skips
 * the partitions that do not touch the wanted ranks. It is not stable, so the
 * order it leaves equal elements in is part of Redis's observable behaviour;
 * the steps here (pivot choice, partitioning, swaps) follow that algorithm
 * exactly to give the same order.
 */
export function pqsort<T>(arr: T[], cmp: (a: T, b: T) => number, lrange: number, rrange: number): void {
  sortRange(arr, 0, arr.length, cmp, lrange, rrange)
}

function swap<T>(arr: T[], i: number, j: number): void {
  const t = arr[i] as T
  arr[i] = arr[j] as T
  arr[j] = t
}

/** Swaps the `n` elements from `i` with those from `j`, pairwise in order. */
function vecswap<T>(arr: T[], i: number, j: number, n: number): void {
  for (let k = 0; k < n; k++) swap(arr, i + k, j + k)
}

function med3<T>(arr: T[], a: number, b: number, c: number, cmp: (a: T, b: T) => number): number {
  const x = arr[a] as T
  const y = arr[b] as T
  const z = arr[c] as T
  return cmp(x, y) < 0 ? (cmp(y, z) < 0 ? b : cmp(x, z) < 0 ? c : a) : cmp(y, z) > 0 ? b : cmp(x, z) < 0 ? a : c
}

function insertionSort<T>(arr: T[], a: number, n: number, cmp: (a: T, b: T) => number): void {
  for (let m = a + 1; m < a + n; m++) {
    for (let l = m; l > a && cmp(arr[l - 1] as T, arr[l] as T) > 0; l--) swap(arr, l, l - 1)
  }
}

/** Whether ranks [lrange, rrange] meet the partition [a, a + n). */
function wanted(a: number, n: number, lrange: number, rrange: number): boolean {
  return !(rrange < a || lrange >= a + n)
}

function sortRange<T>(arr: T[], a: number, n: number, cmp: (a: T, b: T) => number, lrange: number, rrange: number): void {
  for (;;) {
    if (n < 7) {
      insertionSort(arr, a, n, cmp)
      return
    }
    let pm = a + Math.floor(n / 2)
    if (n > 7) {
      let pl = a
      let pn = a + n - 1
      if (n > 40) {
        const d = Math.floor(n / 8)
        pl = med3(arr, pl, pl + d, pl + 2 * d, cmp)
        pm = med3(arr, pm - d, pm, pm + d, cmp)
        pn = med3(arr, pn - 2 * d, pn - d, pn, cmp)
      }
      pm = med3(arr, pl, pm, pn, cmp)
    }
    swap(arr, a, pm)
    let pa = a + 1
    let pb = pa
    let pc = a + n - 1
    let pd = pc
    let swapped = false
    for (;;) {
      let r: number
      while (pb <= pc && (r = cmp(arr[pb] as T, arr[a] as T)) <= 0) {
        if (r === 0) {
          swapped = true
          swap(arr, pa, pb)
          pa++
        }
        pb++
      }
      while (pb <= pc && (r = cmp(arr[pc] as T, arr[a] as T)) >= 0) {
        if (r === 0) {
          swapped = true
          swap(arr, pc, pd)
          pd--
        }
        pc--
      }
      if (pb > pc) break
      swap(arr, pb, pc)
      swapped = true
      pb++
      pc--
    }
    if (!swapped) {
      // already partitioned without a swap: finish by insertion
      insertionSort(arr, a, n, cmp)
      return
    }
    const pn = a + n
    let r = Math.min(pa - a, pb - pa)
    vecswap(arr, a, pb - r, r)
    r = Math.min(pd - pc, pn - pd - 1)
    vecswap(arr, pb, pn - r, r)
    r = pb - pa
    if (r > 1 && wanted(a, r, lrange, rrange)) sortRange(arr, a, r, cmp, lrange, rrange)
    r = pd - pc
    if (r <= 1) return
    a = pn - r
    n = r
    if (!wanted(a, n, lrange, rrange)) return
  }
}
