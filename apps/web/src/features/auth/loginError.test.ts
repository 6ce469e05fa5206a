import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { describeLoginError } from './loginError';

describe('describeLoginError', () => {
  it('adds the attempts left to a wrong password', () => {
    const v = describeLoginError(new ApiError(401, 'invalid_credentials', '用户名或密码错误', { remainingAttempts: 2 }), 'x');
    expect(v).toEqual({ message: '用户名或密码错误', remainingAttempts: 2, retryMinutes: null });
  });

  it('adds the minutes to wait to a lockout', () => {
    const v = describeLoginError(new ApiError(423, 'account_locked', '账号已临时锁定', { retryAfterSeconds: 840 }), 'x');
    expect(v).toEqual({ message: '账号已临时锁定', remainingAttempts: null, retryMinutes: 14 });
  });

  it('shows a disabled account or a network failure as a plain message', () => {
    expect(describeLoginError(new ApiError(403, 'account_disabled', '账号已停用'), 'x').message).toBe('账号已停用');
    expect(describeLoginError(new TypeError('boom'), '出错了')).toEqual({ message: '出错了', remainingAttempts: null, retryMinutes: null });
  });
});
