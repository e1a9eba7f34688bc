/**
 * What the browser tests and the benchmark share: Debian's Chromium launched as this
 * machine allows (no browser download, no background network), one way to run a case
 * and print its result line, and the checks every browser test uses (axe, screenshots).
 */
import { AxeBuilder } from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Screenshots land here (CI keeps them as an artifact). */
export const SHOTS = path.join(import.meta.dirname, '..', '..', 'artifacts', 'screenshots');

/** GitHub's runners set CHROMIUM_PATH to their Chrome; elsewhere Debian's package. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Runs one case, prints `✔ name` or `✘ name` with the reason; true when it passed. */
export async function runCase(name: string, fn: () => Promise<void>, cleanup?: () => Promise<void>): Promise<boolean> {
  try {
    await fn();
    process.stdout.write(`✔ ${name}\n`);
    return true;
  } catch (error) {
    process.stdout.write(
      `✘ ${name}\n    ${String(error instanceof Error ? error.message : error)
        .split('\n')
        .join('\n    ')}\n`,
    );
    return false;
  } finally {
    await cleanup?.();
  }
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** No serious or critical WCAG 2.1 A/AA violation on the page. */
export async function axe(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert(
    bad.length === 0,
    `${label}: ${bad
      .map(
        (v) =>
          `${v.id} (${v.impact}): ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 3)
            .join(', ')}`,
      )
      .join('; ')}`,
  );
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}
