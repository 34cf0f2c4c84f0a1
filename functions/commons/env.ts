export class MissingEnvError extends Error {
  override readonly name = "MissingEnvError";
}

/** An environment variable the deployment must set; its absence is a deployment bug. */
export function requiredEnv(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new MissingEnvError(`environment variable ${name} is not set`);
  return value;
}
