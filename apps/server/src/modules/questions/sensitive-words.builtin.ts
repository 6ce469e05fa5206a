/*
 * The built-in sensitive-word list, used when SENSITIVE_WORDS_FILE is unset. Same format as
 * that file: one word or phrase per line, '#' starts a comment. Kept short and neutral on
 * purpose; a hall replaces it with its own list. Words that are also everyday policy
 * vocabulary (固体废物, 办证难, 增加VR…) are left out: they would hold too much for nothing.
 * A match only holds a question for a closer look by the host (every question is moderated
 * anyway); it never rejects one. It is a module, not a .txt beside it, so that the bundled
 * server carries it.
 */
export const BUILTIN_SENSITIVE_WORDS = `
# 人身攻击、辱骂
白痴
蠢货
脑残
去死
滚蛋
狗官
混蛋
王八蛋
# 广告、引流
加微信
加我微信
加vx
薇信
加qq
扫码领取
免费领取
点击链接
代开发票
代考
刷单
兼职日结
网赚
贷款秒批
低息贷款
# 赌博、色情
博彩
六合彩
网络赌博
裸聊
色情
# 明显的垃圾信息
http
www
# 政治敏感（占位示例，请按本单位要求替换）
颠覆国家政权
煽动分裂国家
`;
