/**
 * What the browser tests and the benchmark share: Debian's Chromium launched as this
 * machine allows (no browser download, no background network), and one way to run a
 * case and print its result line.
 */
import { chromium, type Browser } from 'playwright-core';

/** GitHub's runners set CHROMIUM_PATH to their Chrome; elsewhere Debian's package. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

/** Runs one case, prints `✔ name` or `✘ name` with the reason; true when it passed. */
export async function runCase(name: string, fn: () => Promise<void>, cleanup?: () => Promise<void>): Promise<boolean> {
  try {
    await fn();
    process.stdout.write(`✔ ${name}\n`);
    return true;
  } catch (error) {
    process.stdout.write(`✘ ${name}\n    ${String(error instanceof Error ? error.message : error).split('\n').join('\n    ')}\n`);
    return false;
  } finally {
    await cleanup?.();
  }
}
