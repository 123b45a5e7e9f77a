// Builds the web application into dist/web, which `xinyong serve` serves at `/`.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const outDir = fileURLToPath(new URL('../dist/web', import.meta.url));

/** Writes .br and .gz beside each text asset, so the server sends them compressed without compressing per request. */
function precompress(): Plugin {
  return {
    name: 'xinyong-precompress',
    apply: 'build',
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
          e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
        );
      for (const file of walk(outDir)) {
        if (!/\.(js|css|html|svg|json)$/.test(file)) continue;
        const body = readFileSync(file);
        writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
        writeFileSync(`${file}.br`, brotliCompressSync(body));
      }
    },
  };
}

export default defineConfig(({ command }) => {
  // A build is always the production build: under vitest NODE_ENV is `test`, which would ship React's and antd's
  // development code (twice the size, warnings in the console, effects run twice).
  if (command === 'build') process.env.NODE_ENV = 'production';
  return {
    root: fileURLToPath(new URL('.', import.meta.url)),
    plugins: [react(), precompress()],
    build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 1500 },
    server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
  };
});
