import { ConfigError, loadConfig, type Config } from '../src/bootstrap/config.ts';
import { CliError } from './cli-error.ts';

/** The service's configuration from the environment; a bad variable is a one-line-per-problem failure. */
export const loadServiceConfig = (env: Record<string, string | undefined>): Config => {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
};
