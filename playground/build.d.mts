export declare const browserBundles: readonly { name: string; entry: string; format: 'esm' | 'iife'; globalName?: string }[]
export declare function buildBundle(root: string, name: string, write?: boolean): Promise<{ outfile: string; text: string | null; metafile: import('esbuild').Metafile }>
export declare function buildBrowser(root: string): Promise<void>
export declare function buildPlayground(root: string, write?: boolean): Promise<string | null>
