import { validateOrReject, type ValidatorOptions } from 'class-validator';
import { ArgumentValidationError } from 'type-graphql';

/**
 * Argument validation with class-validator, as type-graphql does it by default (objects only,
 * missing properties skipped, unknown values allowed), but with class-validator imported once:
 * type-graphql's own validator runs `await import('class-validator')` for every argument, and
 * under a module loader hook (tsx) each of those resolves the module again — on every request.
 */
const OPTIONS: ValidatorOptions = { skipMissingProperties: true, forbidUnknownValues: false };

const isObject = (v: unknown): v is object => v !== null && typeof v === 'object';

export async function validateArgs(value: unknown): Promise<void> {
  if (!isObject(value)) return;
  try {
    if (Array.isArray(value)) await Promise.all(value.filter(isObject).map((item) => validateOrReject(item, OPTIONS)));
    else await validateOrReject(value, OPTIONS);
  } catch (err) {
    throw new ArgumentValidationError(err as never);
  }
}

/** For arguments their resolver validates itself (`validate: false` is not consulted once a global validateFn exists). */
export const noArgValidation = (): void => undefined;
