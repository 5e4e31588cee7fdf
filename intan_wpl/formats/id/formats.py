# Indonesian conventions as DOMAIN.md gives them: "Kamis, 21 Agustus 2025", "14.30",
# "1.234.567,50". Input accepts ISO first (what <input type="date"> sends), then the
# day-first forms people type; never month-first.
DATE_FORMAT = "l, j F Y"
SHORT_DATE_FORMAT = "d-m-Y"
TIME_FORMAT = "H.i"
DATETIME_FORMAT = "l, j F Y, H.i"
SHORT_DATETIME_FORMAT = "d-m-Y H.i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%d-%m-%Y %H.%M",
    "%d/%m/%Y %H.%M",
    "%d/%m/%Y %H:%M",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
