/**
 * Validates the registry before Astro renders anything: an invalid registry stops
 * the build with the validator's messages instead of a stack trace from a page.
 */
import type { AstroIntegration } from 'astro';
import { RegistryUsageError } from '../registry/load.ts';
import { InvalidRegistryError, loadSiteRegistryParallel } from '../site/registry.ts';

export function registryGuard(): AstroIntegration {
  return {
    name: 'registry-guard',
    hooks: {
      'astro:build:start': async ({ logger }) => {
        try {
          const { registry } = await loadSiteRegistryParallel();
          logger.info(`registry: ${registry.units.length} units`);
        } catch (error) {
          if (error instanceof InvalidRegistryError || error instanceof RegistryUsageError) {
            // Union staff read this output: the validator's lines, not a stack trace.
            logger.error(error.message);
            process.exit(1);
          }
          throw error;
        }
      },
    },
  };
}
