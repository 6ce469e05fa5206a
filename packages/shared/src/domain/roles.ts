/** Roles a user can hold, each over an org-unit subtree (PRODUCT.md, "People and what each may do"). */
export const ROLES = ['city_admin', 'hall_admin', 'liaison', 'expert', 'host', 'cadre', 'leader'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  city_admin: { zh: '组织部/机关工委管理员', en: 'City admin' },
  hall_admin: { zh: '讲堂管理员', en: 'Hall admin' },
  liaison: { zh: '单位联络员', en: 'Unit liaison' },
  expert: { zh: '专家', en: 'Expert' },
  host: { zh: '主持人', en: 'Host' },
  cadre: { zh: '干部', en: 'Cadre' },
  leader: { zh: '领导', en: 'Leader' },
};
