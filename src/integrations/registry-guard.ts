/**
 * Validates the registry before Astro renders anything: an invalid registry stops
 * the build with the validator's messages instead of a stack trace from a page.
 *
 * Validation starts as soon as Astro knows it is building (config setup) and runs on
 * worker threads while Astro syncs its content and types; the build waits for it at
 * `astro:build:start`, before any page is rendered.
 */
import { fileURLToPath } from 'node:url';
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import { RegistryUsageError } from '../registry/load.ts';
import { InvalidRegistryError, loadSiteRegistryParallel } from '../site/registry.ts';

type Loaded = Awaited<ReturnType<typeof loadSiteRegistryParallel>>;

export function registryGuard(): AstroIntegration {
  let early: Promise<{ ok: Loaded } | { error: unknown }> | undefined;
  let cacheDir: string | undefined;
  const start = () =>
    loadSiteRegistryParallel(cacheDir).then(
      (ok) => ({ ok }),
      (error: unknown) => ({ error }),
    );
  const fail = (logger: AstroIntegrationLogger, error: unknown): never => {
    if (error instanceof InvalidRegistryError || error instanceof RegistryUsageError) {
      // Union staff read this output: the validator's lines, not a stack trace.
      logger.error(error.message);
      process.exit(1);
    }
    throw error;
  };
  return {
    name: 'registry-guard',
    hooks: {
      'astro:config:setup': ({ command, config }) => {
        // The validation cache lives with Astro's own (node_modules/.astro), which CI keeps.
        cacheDir = fileURLToPath(config.cacheDir);
        if (command === 'build') early = start();
      },
      'astro:build:start': async ({ logger }) => {
        const result = await (early ?? start());
        early = undefined;
        if ('error' in result) return fail(logger, result.error);
        logger.info(`registry: ${result.ok.registry.units.length} units`);
      },
    },
  };
}
