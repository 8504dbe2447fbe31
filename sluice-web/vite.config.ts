import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The studio is served by the Sluice server itself (same port as the API), so the build goes into
// the jar's static resources; `npm run dev` proxies the API to a running server.
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: process.env.SLUICE_WEB_OUT ?? 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
  },
  server: {
    proxy: { '/api': 'http://localhost:8080' },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test-setup.ts'],
    testTimeout: 60_000,
  },
});
