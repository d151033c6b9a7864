import type { RefundRow, RefundSubject } from '@paydesk/db';
import { can, maskEmail, maskName, type Role } from '@paydesk/domain';

export function seesNames(role: Role): boolean {
  return can(role, 'payments.readPersonalData');
}

/** The payment a reference points at, with the customer masked for roles without personal data. */
export function presentSubject(payment: RefundSubject, role: Role) {
  const show = seesNames(role);
  return {
    id: payment.id,
    provider: payment.provider,
    direction: payment.direction,
    method: payment.method,
    status: payment.status,
    providerStatus: payment.provider_status,
    providerPaymentId: payment.provider_payment_id,
    merchantReference: payment.merchant_reference,
    amountMinor: payment.amount_minor,
    currency: payment.currency,
    country: payment.country,
    customerName: payment.customer_name === null ? null : show ? payment.customer_name : maskName(payment.customer_name),
    customerEmail: payment.customer_email === null ? null : show ? payment.customer_email : maskEmail(payment.customer_email),
    createdAt: payment.created_at.toISOString(),
    completedAt: payment.completed_at?.toISOString() ?? null,
  };
}

export function presentRefund(refund: RefundRow) {
  return {
    id: refund.id,
    paymentId: refund.payment_id,
    merchantReference: refund.merchant_reference,
    amountMinor: refund.amount_minor,
    currency: refund.currency,
    state: refund.state,
    reason: refund.reason,
    requestedRole: refund.requested_role,
    createdAt: refund.created_at.toISOString(),
    updatedAt: refund.updated_at.toISOString(),
  };
}
