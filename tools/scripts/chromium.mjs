import { existsSync } from 'node:fs';

/** Debian's Chromium, or CHROMIUM_PATH. Never a browser downloaded by a test tool. */
export function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  return candidates.find((p) => existsSync(p)) ?? null;
}
