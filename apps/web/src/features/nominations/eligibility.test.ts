import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { notEligibleReasons, reasonsFromDetails } from './eligibility';

describe('eligibility reasons from the server', () => {
  it('reads each reason message of a 422 not_eligible', () => {
    const err = new ApiError(422, 'not_eligible', '该人员不符合推选条件', {
      reasons: [
        { code: 'too_old', message: '讲课日期时已满 41 周岁，超过本讲堂 40 周岁的年龄上限' },
        { code: 'spoke_recently', message: '第 5 期已登台，4 期内不能再次登台' },
      ],
    });
    expect(notEligibleReasons(err)).toEqual(['讲课日期时已满 41 周岁，超过本讲堂 40 周岁的年龄上限', '第 5 期已登台，4 期内不能再次登台']);
  });

  it('falls back to the message when the reasons are missing', () => {
    expect(notEligibleReasons(new ApiError(422, 'not_eligible', '该人员不符合推选条件'))).toEqual(['该人员不符合推选条件']);
  });

  it('leaves other errors alone', () => {
    expect(notEligibleReasons(new ApiError(403, 'forbidden', '无权限'))).toBeNull();
    expect(notEligibleReasons(new Error('x'))).toBeNull();
  });

  it('accepts plain strings and drops empty entries', () => {
    expect(reasonsFromDetails({ reasons: ['配额已满', '', 3] })).toEqual(['配额已满']);
    expect(reasonsFromDetails(null)).toEqual([]);
  });
});
