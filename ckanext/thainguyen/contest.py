"""Innovation-contest entries (Đổi mới sáng tạo – vì Thái Nguyên thân yêu)."""
from __future__ import annotations
