/* crm-chinese-amount.h: an amount in Chinese capital numerals (大写金额) for invoices and contracts */
#pragma once

#include <glib.h>

#include "crm-money.h"

G_BEGIN_DECLS

/**
 * crm_money_to_chinese_capital:
 * @amount: an amount in yuan
 * @error: return location for a #GError
 *
 * Writes @amount the way Chinese invoices, contracts and bank documents
 * state it in words, following the People's Bank of China rules for
 * filling in bills and settlement vouchers (正确填写票据和结算凭证的基本规定),
 * taking the first of the forms they allow where they allow two:
 *
 * - digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟万亿, 元角分, 整 and 负;
 *   a ten is always written with its digit (壹拾元整, 壹佰壹拾元整);
 * - amounts above 亿 read in groups of four digits: 壹万亿 is 10^12;
 * - a run of zeros inside the integer part is one 零 (壹万零伍元, 壹亿零壹元,
 *   壹仟零壹拾元); a zero group's unit is left out (壹亿零壹万);
 *   zeros at the end of a group are not written (壹拾万柒仟元);
 * - when the 元 digit is 0 and the 角 digit is not, 零 follows 元
 *   (壹仟陆佰捌拾元零叁角贰分); when 角 is 0 and 分 is not, 零 follows 元
 *   (壹佰元零伍分) unless there is no integer part (伍分);
 * - 整 follows 元 when there are neither 角 nor 分 (壹佰元整, 零元整), and
 *   is not written after 角 or 分 (壹万零伍元叁角, 陆角柒分);
 * - a negative amount starts with 负 (负壹元整); an amount rounding to 0 is
 *   零元整 without a sign.
 *
 * @amount is rounded to 2 decimals half-up first. The currency name (人民币)
 * and any ⊗ or ￥ guard mark are the caller's to add.
 *
 * Returns: (transfer full): the amount in words, or %NULL with
 *   %CRM_ERROR_OUT_OF_RANGE beyond the DECIMAL(18,2) limit of
 *   ±9999999999999999.99
 */
char *crm_money_to_chinese_capital (CrmMoney   amount,
                                    GError   **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
