"""User-facing messages in Chinese (default) and English, with named fields."""

from __future__ import annotations

import errno
import os

from crosscheck.config import install_hint

MESSAGES: dict[str, dict[str, str]] = {
    "error_line": {
        "zh": "crosscheck: 错误: {path}: {message}",
        "en": "crosscheck: error: {path}: {message}",
    },
    "error_line_bare": {"zh": "crosscheck: 错误: {message}", "en": "crosscheck: error: {message}"},
    "interrupted": {"zh": "crosscheck: 已中断", "en": "crosscheck: interrupted"},
    "internal_error": {
        "zh": "crosscheck: 内部错误（{kind}: {detail}），未能完成核对，结果不可用；请报告此问题",
        "en": "crosscheck: internal error ({kind}: {detail}); the check did not finish and has no "
        "result; please report it",
    },
    "cannot_write": {"zh": "无法写入 {path}：{reason}", "en": "cannot write {path}: {reason}"},
    "output_not_regular": {"zh": "不是普通文件", "en": "not a regular file"},
    "col_line": {"zh": "行", "en": "line"},
    "col_text": {"zh": "原文", "en": "text"},
    "col_kind": {"zh": "类型", "en": "kind"},
    "col_value": {"zh": "数值", "en": "value"},
    "col_unit": {"zh": "单位", "en": "unit"},
    "col_bound": {"zh": "界限", "en": "bound"},
    "col_metric": {"zh": "指标", "en": "metric"},
    "col_subject": {"zh": "对象", "en": "subject"},
    "col_role": {"zh": "位置", "en": "role"},
    "quantities_title": {
        "zh": "{path}：共 {count} 个数量表达",
        "en": "{path}: {count} quantity expressions",
    },
    "links_title": {
        "zh": "{path}：{groups} 组相同事实，{links} 条链接（≠ 不一致，≈ 末位相差，＝ 一致）",
        "en": "{path}: {groups} facts stated more than once, {links} links "
        "(≠ different, ≈ last digit, ＝ same)",
    },
    "links_group": {
        "zh": "【{subject}】{metric} · 口径 {scope} · 期间 {period} · 置信度 {score}",
        "en": "[{subject}] {metric} · scope {scope} · period {period} · score {score}",
    },
    "kind_amount": {"zh": "金额", "en": "amount"},
    "kind_percent": {"zh": "百分比", "en": "percent"},
    "kind_pp": {"zh": "百分点", "en": "percentage points"},
    "kind_count": {"zh": "数量", "en": "count"},
    "kind_score": {"zh": "分值", "en": "score"},
    "kind_measure": {"zh": "计量", "en": "measure"},
    "role_narrative": {"zh": "正文", "en": "narrative"},
    "role_table": {"zh": "表格", "en": "table"},
    "role_heading": {"zh": "标题", "en": "heading"},
    "tables_title": {"zh": "{path}：共 {count} 个表格", "en": "{path}: {count} tables"},
    "table_heading": {
        "zh": "\n表 {index}：{caption}（版式：{layout}，单位：{unit}，{rows} 行 × {cols} 列，所在章节：{section}）",
        "en": "\nTable {index}: {caption} (layout: {layout}, unit: {unit}, {rows} rows x {cols} cols, "
        "section: {section})",
    },
    "check_title": {
        "zh": "{path}：发现 {total} 处问题（错误 {error}，警告 {warning}，提示 {info}）",
        "en": "{path}: {total} findings ({error} errors, {warning} warnings, {info} info)",
    },
    "no_findings": {"zh": "未发现前后矛盾之处。", "en": "No contradictions found."},
    "evidence_where": {
        "zh": "第{line}行 · {role} · {label} · 章节：{section}",
        "en": "line {line} · {role} · {label} · section: {section}",
    },
    "needs_output": {
        "zh": "crosscheck: 错误: --format {format} 需要用 -o 指定输出文件",
        "en": "crosscheck: error: --format {format} needs an output file (-o)",
    },
    "rules_title": {"zh": "规则目录（共 {count} 条）", "en": "Rule catalogue ({count} rules)"},
    "unknown_rule": {"zh": "没有这条规则：{code}", "en": "no such rule: {code}"},
    # crosscheck.toml (crosscheck/project.py) and baselines (crosscheck/baseline.py)
    "config_unreadable": {
        "zh": "无法读取配置文件 {path}：{reason}",
        "en": "cannot read the configuration file {path}: {reason}",
    },
    "config_unknown_keys": {
        "zh": "{path}：未知的设置项 {keys}（可用：{known}）",
        "en": "{path}: unknown setting {keys} (known: {known})",
    },
    "config_bad_value": {
        "zh": "{path}：{setting} 的值无效：{value}（应为{expected}）",
        "en": "{path}: bad value for {setting}: {value} (expected {expected})",
    },
    "config_key_error": {
        "zh": "{path}：{setting}：{message}",
        "en": "{path}: {setting}: {message}",
    },
    "config_expects_fail_on": {"zh": " error、warning 或 never", "en": "error, warning or never"},
    "config_expects_severity": {"zh": " error、warning 或 info", "en": "error, warning or info"},
    "config_expects_codes": {
        "zh": '规则代码的列表，如 ["CC1", "CC201"]',
        "en": 'a list of rule codes such as ["CC1", "CC201"]',
    },
    "config_expects_table": {"zh": "一个表（[节]）", "en": "a table ([section])"},
    "config_expects_path": {"zh": "文件路径", "en": "a file path"},
    "config_expects_fraction": {"zh": " 0 到 1 之间的小数", "en": "a fraction from 0 to below 1"},
    "baseline_missing": {
        "zh": "基线文件不存在：{path}（先用 --write-baseline {path} 生成）",
        "en": "no baseline file at {path} (write one first with --write-baseline {path})",
    },
    "baseline_unreadable": {
        "zh": "无法读取基线文件 {path}：{reason}",
        "en": "cannot read the baseline file {path}: {reason}",
    },
    "baseline_bad_schema": {
        "zh": "{path} 不是本版本可读的基线文件（{found}，应为 {expected}），请用 --write-baseline 重新生成",
        "en": "{path} is not a baseline this version reads ({found}; expected {expected}); "
        "write it again with --write-baseline",
    },
    "output_over_input": {
        "zh": "{option} {path} 是要核对的报告之一，不能覆盖",
        "en": "{option} {path} is one of the reports being checked; not overwriting it",
    },
    "baseline_not_written": {
        "zh": "未写入基线 {path}：有文件未能核对",
        "en": "baseline {path} not written: a file could not be checked",
    },
    "baseline_written": {
        "zh": "已将 {count} 处问题（{files} 个文件）记入基线 {path}",
        "en": "{count} findings of {files} files recorded in the baseline {path}",
    },
    "baseline_note": {
        "zh": "基线 {path}：{known} 处已知问题未列出；基线中 {fixed} 处问题已不再出现（已修复）",
        "en": "baseline {path}: {known} known findings not shown; {fixed} findings of the "
        "baseline no longer found (fixed)",
    },
    "batch_baseline_not_written": {
        "zh": "未写入基线 {path}：{failed} 个文件未能核对（{files}；见 {errors}），"
        "基线只记录完整的一次核对，原文件保持不变",
        "en": "baseline {path} not written: {failed} documents could not be checked ({files}; "
        "see {errors}); a baseline records a complete run, the old file is left as it was",
    },
    "batch_baseline_note": {
        "zh": "基线：{documents} 个文件有基线，{known} 处已知问题未计入；基线中 {fixed} 处问题已不再出现（已修复）",
        "en": "baselines: {documents} documents have one; {known} known findings not counted; "
        "{fixed} findings of the baselines no longer found (fixed)",
    },
    "no_new_findings": {"zh": "未发现新的前后矛盾之处。", "en": "No new contradictions found."},
    "unreadable_format": {
        "zh": "不支持的格式：{format}（{suffix}），请另存为 {save_as} 后再试",
        "en": "unsupported format: {format} ({suffix}); save it as {save_as} first",
    },
    "unknown_suffix": {
        "zh": "不支持的文件类型（{suffix}），可读取的后缀：{readable}",
        "en": "unsupported file type ({suffix}); readable suffixes: {readable}",
    },
    "unknown_selector": {
        "zh": "未知的规则代码或规则族：{codes}（可用规则族 {families}，或 crosscheck rules 列出的代码）",
        "en": "unknown rule code or family: {codes} (families {families}, or a code that "
        "crosscheck rules lists)",
    },
    "empty_template": {"zh": " —— 空白模板，无数据", "en": " (an empty template, no data)"},
    "batch_timeout": {
        "zh": "超过 {seconds} 秒仍未完成，已放弃（--timeout）",
        "en": "did not finish within {seconds} s; given up (--timeout)",
    },
    "batch_worker_died": {
        "zh": "核对该文件的工作进程意外退出（退出码 {code}）",
        "en": "the worker process checking it died (exit code {code})",
    },
    "batch_no_input": {
        "zh": "没有找到可核对的文件：{inputs}（支持的后缀：{suffixes}）",
        "en": "no file to check in {inputs} (supported suffixes: {suffixes})",
    },
    "batch_start": {
        "zh": "共 {documents} 个文件：待核对 {todo}，已有报告跳过 {resumed}；"
        "不支持的文件 {skipped} 个未处理；{jobs} 个进程（{engine}）",
        "en": "{documents} documents: {todo} to check, {resumed} already reported (resumed); "
        "{skipped} unsupported files skipped; {jobs} workers ({engine})",
    },
    "batch_skipped": {
        "zh": "未处理的文件（不是可读取的报告、链接指向输入目录之外或不是普通文件，原因见 {record}）：",
        "en": "files skipped (no readable report, a link out of the inputs or no regular file; "
        "why: see {record}):",
    },
    "batch_skip_link_outside": {
        "zh": "链接指向输入目录之外，未跟随",
        "en": "a link that leads out of the input folders, not followed",
    },
    "batch_skip_not_regular": {
        "zh": "不是普通文件（命名管道、设备或失效的链接），未读取",
        "en": "not a regular file (a named pipe, a device or a dangling link), not read",
    },
    "batch_report_outside": {
        "zh": "报告路径 {path} 会落在输出目录之外（目录中有指向别处的链接？），未写入",
        "en": "the report path {path} would lie outside the output folder (a link in it?); "
        "not written",
    },
    "batch_skipped_more": {"zh": "  …… 另有 {more} 个", "en": "  … and {more} more"},
    "batch_progress_label": {"zh": "核对中", "en": "checking"},
    "batch_progress_findings": {"zh": "问题 {findings} 处", "en": "{findings} findings"},
    "batch_progress_line": {
        "zh": "[{done}/{total}] 问题 {findings} 处 · 失败 {failed} · {rate:.1f} 份/秒 · 预计剩余 {eta}",
        "en": "[{done}/{total}] {findings} findings · {failed} failed · {rate:.1f} docs/s · ETA {eta}",
    },
    "batch_done": {
        "zh": "完成：{documents} 个文件（本次核对 {checked}，续跑跳过 {resumed}，失败 {failed}），"
        "用时 {seconds:.1f} 秒",
        "en": "done: {documents} documents ({checked} checked, {resumed} resumed, {failed} failed) "
        "in {seconds:.1f} s",
    },
    "batch_findings_by_rule": {
        "zh": "问题 {total} 处（错误级 {errors}），按规则：",
        "en": "{total} findings ({errors} errors), by rule:",
    },
    "batch_slowest": {"zh": "最慢的文件：", "en": "slowest documents:"},
    "batch_outputs": {
        "zh": "报告：{reports}  汇总：{summary}  错误：{errors}",
        "en": "reports: {reports}  summary: {summary}  errors: {errors}",
    },
    "batch_completed_with_errors": {
        "zh": "完成，但有 {failed} 个文件无法核对（见 {errors}）",
        "en": "completed with errors: {failed} documents could not be checked (see {errors})",
    },
    "xlsx_more_in_csv": {
        "zh": "……（超出 Excel 的行数上限，其余见 findings.csv）",
        "en": "… (more in findings.csv)",
    },
    "summary_xlsx_needs_openpyxl": {
        "zh": f"未写 summary.xlsx：需要安装 {install_hint('xlsx')}",
        "en": f"summary.xlsx not written: {install_hint('xlsx')}",
    },
    # --- the HTML report (crosscheck/report/html.py): `check --format html` and the web page ---
    "html_title": {"zh": "crosscheck 核对报告", "en": "crosscheck report"},
    "html_count": {
        "zh": "发现 {total} 处问题（错误 {error}，警告 {warning}，提示 {info}）",
        "en": "{total} findings ({error} errors, {warning} warnings, {info} info)",
    },
    "html_document": {"zh": "文档（按读者所见，含行号）", "en": "The document, with line numbers"},
    "html_findings": {"zh": "问题列表", "en": "Findings"},
    "html_none_title": {"zh": "未发现问题", "en": "No problems found"},
    "html_none_body": {
        "zh": "没有找到前后矛盾的数字：能重新计算的合计、比率、增减和得分都相符，"
        "同一事实在表格和正文中的数值一致。这只说明可核对的数字没有矛盾，不代表报告没有其他错误。",
        "en": "No contradicting numbers: every total, rate, change and score that can be "
        "recomputed agrees, and each fact stated twice has one value. Only the numbers that "
        "can be checked were checked.",
    },
    "html_filtered_out": {
        "zh": "所选条件下没有问题，请调整上面的筛选。",
        "en": "No finding matches the filters above.",
    },
    "html_filter_severity": {"zh": "严重程度", "en": "Severity"},
    "html_filter_family": {"zh": "规则类别", "en": "Rule family"},
    "html_table_caption": {"zh": "表 {index}", "en": "Table {index}"},
    "html_table_unit": {"zh": "单位：{unit}", "en": "unit: {unit}"},
    "html_evidence": {
        "zh": "第{line}行 · {role}{label}",
        "en": "line {line} · {role}{label}",
    },
    "html_computed": {"zh": "重新计算：{computed}", "en": "recomputed: {computed}"},
    "html_why_linked": {"zh": "为何视为同一事实", "en": "Why these state one fact"},
    "html_contents": {"zh": "本页包含 {count} 份报告", "en": "{count} reports on this page"},
    "html_stats": {
        "zh": "{chars} 字 · {tables} 个表格",
        "en": "{chars} characters · {tables} tables",
    },
    # --- the web page (crosscheck/web/) ---
    "web_serving": {
        "zh": "crosscheck 自查页面：{url}  （在浏览器中打开；按 Ctrl-C 停止）",
        "en": "crosscheck self-check page: {url}  (open it in a browser; Ctrl-C stops)",
    },
    "web_bind_failed": {
        "zh": "无法在 {host}:{port} 上启动网页服务：{reason}（可用 --port 换一个端口）",
        "en": "cannot serve on {host}:{port}: {reason} (try another --port)",
    },
    "web_needs_extra": {
        "zh": f"网页界面需要安装可选依赖：{install_hint('web')}（缺少 {{module}}）",
        "en": f"the web page needs an optional dependency: {install_hint('web')} "
        "(missing {module})",
    },
    "web_too_large": {
        "zh": "文件过大（{size}），上限为 {limit}：请拆分后分别核对",
        "en": "the file is too big ({size}); the limit is {limit}: split it and check the parts",
    },
    "text_too_large": {
        "zh": "报告文本过大（{size}），上限为 {limit}：请拆分后分别核对",
        "en": "the report text is too big ({size}); the limit is {limit}: "
        "split it and check the parts",
    },
    "web_too_large_stream": {
        "zh": "文件超过上限 {limit}：请拆分后分别核对",
        "en": "the file is over the limit of {limit}: split it and check the parts",
    },
    "web_expired": {
        "zh": "这份结果已不在服务器上（只保留最近 {count} 份），请重新上传文件",
        "en": "this result is no longer kept (only the last {count} are); upload the file again",
    },
    "web_bad_format": {
        "zh": "不支持的下载格式：{format}（可选 xlsx、json、html）",
        "en": "no such download format: {format} (xlsx, json or html)",
    },
    "web_title": {"zh": "crosscheck 报告自查", "en": "crosscheck report self-check"},
    "web_tagline": {
        "zh": "在本机核对预算绩效报告中前后矛盾的数字，文件不会离开这台电脑",
        "en": "Finds contradicting numbers in a budget-performance report, on this computer only",
    },
    "web_drop": {"zh": "把报告文件拖到这里", "en": "Drop a report here"},
    "web_pick": {"zh": "或选择文件", "en": "or choose a file"},
    "web_formats": {
        "zh": "可读取 {suffixes}；单个文件最大 {limit}",
        "en": "Reads {suffixes}; at most {limit} a file",
    },
    "web_paste_label": {"zh": "或者粘贴报告的文字：", "en": "Or paste the report's text:"},
    "web_paste_button": {"zh": "核对粘贴的文字", "en": "Check the pasted text"},
    "web_paste_name": {"zh": "粘贴的文字.txt", "en": "pasted-text.txt"},
    "web_paste_empty": {"zh": "请先粘贴报告的文字", "en": "Paste the report's text first"},
    "web_checking": {"zh": "正在核对 {name} ……", "en": "Checking {name} …"},
    "web_failed": {"zh": "无法核对 {name}：{message}", "en": "cannot check {name}: {message}"},
    "web_network": {
        "zh": "无法连接本机的 crosscheck 服务（{message}）：请确认 crosscheck serve 仍在运行",
        "en": "cannot reach the crosscheck server ({message}): is crosscheck serve still running?",
    },
    "web_download": {"zh": "下载报告：", "en": "Download the report:"},
    "web_download_xlsx": {"zh": "Excel（.xlsx）", "en": "Excel (.xlsx)"},
    "web_download_json": {"zh": "JSON", "en": "JSON"},
    "web_download_html": {"zh": "网页（.html）", "en": "Web page (.html)"},
    "web_again": {"zh": "核对另一份", "en": "Check another"},
    "web_other_lang": {"zh": "English", "en": "中文"},
    "web_download_suffix": {"zh": "核对结果", "en": "crosscheck"},
}


# Why a file could not be read or written, by errno (the English text is the C library's).
OS_ERROR_REASONS_ZH: dict[int, str] = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EFBIG: "文件过大",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EROFS: "只读文件系统",
    errno.EISDIR: "这是一个目录",
    errno.ENOTDIR: "路径中有一段不是目录",
    errno.ENOENT: "路径不存在",
    errno.ENAMETOOLONG: "文件名过长",
    errno.EIO: "输入输出错误",
}


def os_error_reason(error: OSError, lang: str = "zh") -> str:
    """A short reason for an ``OSError`` (``no space left on device`` / ``磁盘空间不足``)."""
    code = error.errno
    if lang == "zh" and code in OS_ERROR_REASONS_ZH:
        return OS_ERROR_REASONS_ZH[code]
    if code is not None:
        return os.strerror(code).lower()
    return " ".join(str(error).split()) or type(error).__name__


def template(key: str, lang: str = "zh") -> str:
    """The message ``key`` in ``lang`` with its ``{fields}`` unfilled (the web page's script
    fills them)."""
    templates = MESSAGES[key]
    return templates.get(lang, templates["zh"])


def say(key: str, lang: str = "zh", **fields: object) -> str:
    """The message ``key`` in ``lang`` (falling back to Chinese) with its fields filled in."""
    templates = MESSAGES[key]
    return templates.get(lang, templates["zh"]).format(**fields)


# The roles rules give their evidence (crosscheck/rules: ctx.evidence(m, "合计")), in English.
# A label not listed (a table row's own path, 产出指标 / 数量指标 / …) is document text and
# stays as written.
EVIDENCE_LABELS_EN: dict[str, str] = {
    "合计": "total",
    "分项": "part",
    "占比": "share",
    "分子": "numerator",
    "分母": "denominator",
    "各项": "item",
    "执行率": "rate",
    "执行数": "spent",
    "预算数": "budget",
    "本年数": "this year",
    "增减额": "change",
    "增减幅度": "change rate",
    "得分": "score",
    "分值": "weight",
    "总分": "total score",
    "同段金额": "amount nearby",
    "疑似单位错误": "suspect unit",
    "表中": "table",
    "表内文字": "text in the table",
    "正文": "text",
    "标题": "heading",
    "写作%": "written as %",
    "起": "from",
    "止": "to",
}


def evidence_label(label: str, lang: str) -> str:
    """An evidence label in the output language (labels are written in Chinese by the rules)."""
    if lang == "en":
        return EVIDENCE_LABELS_EN.get(label, label)
    return label
