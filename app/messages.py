"""The UI's own words in three languages, keyed by the English text.

Flask-Admin's and WTForms' strings come from their catalogues; these are PropertyDesk's.
"""

MESSAGES = {
    # English: (繁體中文, 简体中文)
    "PropertyDesk": ("物業客服台", "物业客服台"),
    "Log in": ("登入", "登录"),
    "Log out": ("登出", "退出"),
    "Username": ("登入名稱", "登录名"),
    "Password": ("密碼", "密码"),
    "Please log in to continue.": ("請先登入。", "请先登录。"),
    "Wrong username or password.": ("登入名稱或密碼錯誤。", "登录名或密码错误。"),
    "This account is locked for %(minutes)s minutes after repeated failed logins.":
        ("連續登入失敗，此帳戶已鎖定 %(minutes)s 分鐘。", "连续登录失败，此账户已锁定 %(minutes)s 分钟。"),
    "You have logged out.": ("您已登出。", "您已退出。"),
    "Language": ("語言", "语言"),
    "Home": ("首頁", "首页"),
    "Front-desk lookup": ("前台查詢", "前台查询"),
    "Phone, name or unit": ("電話、姓名或單位", "电话、姓名或单位"),
    "Search": ("搜尋", "搜索"),
    "No owner, tenant or unit matches “%(q)s”.": ("找不到符合「%(q)s」的業戶或單位。", "找不到符合“%(q)s”的业户或单位。"),
    "Enter at least two characters.": ("請至少輸入兩個字元。", "请至少输入两个字符。"),
    "Results": ("查詢結果", "查询结果"),
    "Owners and residents": ("業戶", "业户"),
    "Units": ("單位", "单位"),
    "Open complaints": ("未結案投訴", "未结案投诉"),
    "Recent visits and calls": ("最近來訪來電", "最近来访来电"),
    "Unpaid charges": ("未繳費用", "未缴费用"),
    "None": ("沒有", "没有"),
    "Total": ("合計", "合计"),
    "Register a complaint": ("登記投訴", "登记投诉"),
    "Record a visit or call": ("登記來訪來電", "登记来访来电"),
    "Open the record": ("開啟記錄", "打开记录"),
    "You do not have permission to do this.": ("您沒有執行此操作的權限。", "您没有执行此操作的权限。"),
    "Page not found.": ("找不到此頁面。", "找不到此页面。"),
    "Something went wrong on our side. The error has been logged (ref %(ref)s).":
        ("系統發生錯誤，已記錄（參考編號 %(ref)s）。", "系统发生错误，已记录（参考编号 %(ref)s）。"),
    "The form has expired or was sent twice. Please submit it again: your entries are kept.":
        ("表單已過期或重複提交，請再提交一次；已輸入的內容已保留。", "表单已过期或重复提交，请再提交一次；已输入的内容已保留。"),
    "Back": ("返回", "返回"),
    "Search or select…": ("輸入以搜尋或選擇…", "输入以搜索或选择…"),
    "At least %(n)s characters.": ("至少 %(n)s 個字元。", "至少 %(n)s 个字符。"),
    # validation
    "This field is required.": ("此欄位必須填寫。", "此字段必须填写。"),
    "At most %(n)s characters.": ("最多 %(n)s 個字元。", "最多 %(n)s 个字符。"),
    "Must be at least %(min)s.": ("不可小於 %(min)s。", "不可小于 %(min)s。"),
    "Must be greater than %(min)s.": ("必須大於 %(min)s。", "必须大于 %(min)s。"),
    "Must be at most %(max)s.": ("不可大於 %(max)s。", "不可大于 %(max)s。"),
    "Must be less than %(max)s.": ("必須小於 %(max)s。", "必须小于 %(max)s。"),
    "Control characters are not allowed.": ("不可包含控制字元。", "不可包含控制字符。"),
    "Not a valid choice.": ("不是有效的選項。", "不是有效的选项。"),
    "“%(value)s” is already used by another record.": ("「%(value)s」已被其他記錄使用。", "“%(value)s”已被其他记录使用。"),
    "This combination (%(fields)s) already exists.": ("此組合（%(fields)s）已存在。", "此组合（%(fields)s）已存在。"),
    "%(left)s must be on or after %(right)s.": ("%(left)s 不可早於 %(right)s。", "%(left)s 不可早于 %(right)s。"),
    "%(left)s must be after %(right)s.": ("%(left)s 必須晚於 %(right)s。", "%(left)s 必须晚于 %(right)s。"),
    "%(left)s must be on or before %(right)s.": ("%(left)s 不可晚於 %(right)s。", "%(left)s 不可晚于 %(right)s。"),
    "%(left)s must be before %(right)s.": ("%(left)s 必須早於 %(right)s。", "%(left)s 必须早于 %(right)s。"),
    "The selected record no longer exists.": ("所選記錄已不存在。", "所选记录已不存在。"),
    "The number is too large.": ("數值過大。", "数值过大。"),
    # database errors that slipped past validation
    "The record could not be saved: a value is already used by another record.":
        ("無法儲存：有數值已被其他記錄使用。", "无法保存：有数值已被其他记录使用。"),
    "The record could not be saved: a linked record is missing or still in use.":
        ("無法儲存：關聯的記錄不存在或仍在使用中。", "无法保存：关联的记录不存在或仍在使用中。"),
    "The record could not be deleted: other records still refer to it.":
        ("無法刪除：仍有其他記錄引用此記錄。", "无法删除：仍有其他记录引用此记录。"),
    "The record could not be saved: a value is outside what is allowed.":
        ("無法儲存：有數值超出允許範圍。", "无法保存：有数值超出允许范围。"),
    "The record could not be saved: a required value is missing.":
        ("無法儲存：缺少必填的數值。", "无法保存：缺少必填的数值。"),
    "The database is busy. Please try again.": ("資料庫忙碌中，請再試一次。", "数据库忙碌中，请再试一次。"),
    "The record could not be saved. Please check the entries and try again.":
        ("無法儲存，請檢查輸入內容後再試。", "无法保存，请检查输入内容后再试。"),
}
