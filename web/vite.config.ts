import { defineConfig } from 'vite';

// The web chat, built into web/dist, which the server serves at `/` (src/http/web-client.ts).
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', assetsDir: 'assets' },
  // `npm run web:dev` proxies the API to a server started with `npm start` (port 4000).
  server: { proxy: { '/graphql': { target: 'http://127.0.0.1:4000', ws: true } } },
});
