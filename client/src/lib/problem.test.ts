import { describe, expect, it } from 'vitest';
import { ApiError } from './api-client';
import { problemCode, validationErrors } from './problem';

describe('problem helpers', () => {
  it('reads the code of a problem document', () => {
    expect(problemCode(new ApiError(409, { code: 'last_admin' }))).toBe('last_admin');
    expect(problemCode(new Error('x'))).toBeUndefined();
  });

  it('names validation errors by the client field, whatever the server casing or index', () => {
    const error = new ApiError(400, {
      code: 'validation_failed',
      errors: { Email: ['Bad email.'], 'identities[1]': ['Bad identity.'], '$.password': 'Too short.' },
    });
    expect(validationErrors(error)).toEqual({
      email: ['Bad email.'],
      identities: ['Bad identity.'],
      password: ['Too short.'],
    });
    expect(validationErrors(new ApiError(409, { errors: { email: ['x'] } }))).toEqual({});
  });
});
