import { NOMINATION_CHANNEL_LABELS } from '@lecture-hall/shared/domain/programme';
import { describe, expect, it } from 'vitest';
import { en } from '../../app/locales/en';
import { zhCN } from '../../app/locales/zh-CN';

describe('programme texts end-to-end tests rely on', () => {
  it('keeps the nomination, selection and notification button texts', () => {
    expect(zhCN.nominations.channel.org_pick).toBe('组织点将');
    expect(zhCN.nominations.channel.unit_recommendation).toBe('单位推荐');
    expect(zhCN.nominations.channel.self).toBe('个人自荐');
    expect(zhCN.nominations.submit).toBe('提交');
    expect(zhCN.candidates.confirmButton).toBe('确认讲课人');
    expect(zhCN.notifications.markAllRead).toBe('全部标为已读');
  });

  it('names the channels as the shared labels do', () => {
    for (const [channel, label] of Object.entries(NOMINATION_CHANNEL_LABELS)) {
      expect(zhCN.nominations.channel[channel as keyof typeof zhCN.nominations.channel]).toBe(label.zh);
      expect(en.nominations.channel[channel as keyof typeof en.nominations.channel]).toBe(label.en);
    }
  });

  it('names the lifecycle buttons after the seed cycle', () => {
    expect(zhCN.editions.action.startRecruiting).toBe('开始推选');
    expect(zhCN.editions.action.confirmSpeakers).toBe('确认讲课人并进入备课');
    expect(zhCN.editions.action.goLive).toBe('开讲');
  });
});
