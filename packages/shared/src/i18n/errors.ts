/**
 * Error codes the API returns, each with the sentence shown to a person. The server picks the
 * language from the request; the web console may show its own text for a code it knows.
 */
export const ERROR_MESSAGES = {
  validation_failed: { zh: '提交的内容有误，请检查后重试', en: 'The request is invalid; please check and try again' },
  bad_request: { zh: '请求格式不正确', en: 'The request is malformed' },
  unauthenticated: { zh: '请先登录', en: 'Please log in first' },
  invalid_credentials: { zh: '用户名或密码错误', en: 'Wrong username or password' },
  account_locked: { zh: '登录失败次数过多，账号已临时锁定，请稍后再试', en: 'Too many failed attempts; the account is locked for a while' },
  account_disabled: { zh: '账号已停用，请联系管理员', en: 'This account is disabled; contact an administrator' },
  rate_limited: { zh: '请求过于频繁，请稍后再试', en: 'Too many requests; please wait and try again' },
  csrf_failed: { zh: '页面已过期或请求来源不可信，请刷新页面后重试', en: 'The page is stale or the request origin is untrusted; reload and try again' },
  forbidden: { zh: '您没有权限执行此操作', en: 'You do not have permission to do this' },
  not_found: { zh: '请求的内容不存在', en: 'Not found' },
  conflict: { zh: '操作与现有数据冲突', en: 'This conflicts with existing data' },
  payload_too_large: { zh: '上传的内容过大', en: 'The upload is too large' },
  unsupported_media_type: { zh: '不支持的内容类型', en: 'Unsupported content type' },
  wrong_password: { zh: '当前密码不正确', en: 'The current password is wrong' },
  unit_cycle: { zh: '不能把单位移动到它自己或它的下级单位之下', en: 'A unit cannot move under itself or its own sub-unit' },
  unit_not_empty: { zh: '该单位仍有下级单位或人员，不能归档', en: 'The unit still has sub-units or people and cannot be archived' },
  unit_archived: { zh: '该单位已归档', en: 'The unit is archived' },
  root_unit_immutable: { zh: '根单位不能移动或归档', en: 'The root unit cannot be moved or archived' },
  duplicate_person: { zh: '同一单位已有同名同出生日期的人员', en: 'A person with this name and birth date already exists in this unit' },
  duplicate_username: { zh: '用户名已存在', en: 'This username is taken' },
  duplicate_grant: { zh: '该用户已拥有此范围内的该角色', en: 'The user already holds this role over this unit' },
  import_rejected: {
    zh: '花名册有错误，未导入任何数据，请按报告修改后重新导入',
    en: 'The roster has errors; nothing was imported. Fix the rows listed and import again',
  },
  import_invalid_file: {
    zh: '无法读取该文件，请上传 .xlsx 格式的花名册（可下载模板）',
    en: 'Cannot read the file; upload the roster as .xlsx (a template is available)',
  },
  upload_missing: { zh: '请选择要上传的文件', en: 'No file was uploaded (form field "file")' },
  export_too_large: {
    zh: '符合条件的人员过多，无法一次导出，请缩小筛选范围后重试',
    en: 'Too many people match to export at once; narrow the filters and try again',
  },
  not_eligible: { zh: '该人员不符合推选条件', en: 'This person is not eligible' },
  transition_refused: { zh: '当前状态下不能进行此操作', en: 'The edition cannot move to that state now' },
  edition_locked: { zh: '本期已开讲，评分细则和规则已锁定', en: 'The edition is live: its rubric and rules are locked' },
  edition_not_recruiting: { zh: '本期不在推选阶段', en: 'This edition is not recruiting speakers' },
  selection_invalid: { zh: '选定的讲课人不符合要求', en: 'The selection is not valid' },
  stage_in_use: { zh: '该阶段下仍有讲堂期次，不能删除', en: 'The stage still has editions and cannot be deleted' },
  no_linked_person: { zh: '您的账号未关联干部名册中的人员，无法自荐', en: 'Your account is not linked to a person in the roster' },
  talk_locked: { zh: '本期已进入待开讲阶段，讲题不能再修改', en: 'The edition is ready: talks can no longer be edited' },
  nomination_closed: { zh: '该推选已有结果，不能再更改', en: 'This nomination has been decided and cannot change' },
  deck_type_refused: {
    zh: '只能上传 PDF 或 PPTX 格式的课件，该文件的内容不是有效的 PDF 或 PPTX',
    en: 'Only PDF or PPTX decks are accepted; this file is neither',
  },
  deck_unsafe: { zh: '该文件解压后体积异常，可能是恶意压缩包，已拒绝', en: 'The file expands to an unsafe size and was refused' },
  not_assigned: { zh: '您未被安排审核该讲课人的课件', en: 'You are not assigned to review this deck' },
  review_stale: { zh: '讲课人已上传新版本，请审核最新版本', en: 'A newer version was uploaded; review the latest one' },
  readiness_not_needed: { zh: '所有课件均已审核通过，无需放行', en: 'Every deck is approved; no override is needed' },
  preview_unavailable: { zh: '该课件暂无预览', en: 'No preview is available for this deck' },
  internal_error: { zh: '服务器内部错误，请稍后再试', en: 'Internal server error; please try again later' },
} as const satisfies Record<string, { zh: string; en: string }>;

export type ErrorCode = keyof typeof ERROR_MESSAGES;
export type Lang = 'zh' | 'en';
