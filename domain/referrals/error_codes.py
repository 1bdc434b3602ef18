from enum import StrEnum


class ReferralErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    OPENING_NOT_FOUND = "opening_not_found"
    OPENING_NOT_OPEN = "opening_not_open"
    NOT_ACCEPTING_REFERRALS = "not_accepting_referrals"
    CONSENT_REQUIRED = "consent_required"
    CONTACT_REQUIRED = "contact_required"
    REQUIRED = "required"
    TOO_LONG = "too_long"
    INVALID = "invalid"
    INVALID_EMAIL = "invalid_email"
    INVALID_PHONE = "invalid_phone"
    INVALID_URL = "invalid_url"
    ALREADY_REFERRED = "already_referred"
    SELF_REFERRAL = "self_referral"
    HIRING_MANAGER_REFERRAL = "hiring_manager_referral"
    TOO_MANY_REFERRALS = "too_many_referrals"
    REFERRER_REQUIRED = "referrer_required"
    REFERRER_INACTIVE = "referrer_inactive"
    TRANSITION_NOT_ALLOWED = "transition_not_allowed"
    EXPIRED = "expired"
    OUT_OF_RANGE = "out_of_range"


MESSAGES: dict[ReferralErrorCode, str] = {
    ReferralErrorCode.NOT_FOUND: "No such referral that you may act on.",
    ReferralErrorCode.OPENING_NOT_FOUND: "No such job opening.",
    ReferralErrorCode.OPENING_NOT_OPEN: "This opening is not open: it takes no referrals now.",
    ReferralErrorCode.NOT_ACCEPTING_REFERRALS: "This opening does not accept referrals.",
    ReferralErrorCode.CONSENT_REQUIRED: (
        "Ask the candidate first: a referral needs their agreement to be contacted."
    ),
    ReferralErrorCode.CONTACT_REQUIRED: "Give the candidate's email or phone number.",
    ReferralErrorCode.REQUIRED: "This value is required.",
    ReferralErrorCode.TOO_LONG: "This text is too long.",
    ReferralErrorCode.INVALID: "This value is not valid.",
    ReferralErrorCode.INVALID_EMAIL: "This is not a valid email address.",
    ReferralErrorCode.INVALID_PHONE: "This is not a valid phone number.",
    ReferralErrorCode.INVALID_URL: "The résumé link must be an https:// (or http://) address.",
    ReferralErrorCode.ALREADY_REFERRED: (
        "This candidate has already been referred and is being considered: thank you, "
        "the earlier referral stands."
    ),
    ReferralErrorCode.SELF_REFERRAL: "You cannot refer yourself.",
    ReferralErrorCode.HIRING_MANAGER_REFERRAL: (
        "The hiring manager of an opening cannot refer candidates to it."
    ),
    ReferralErrorCode.TOO_MANY_REFERRALS: (
        "Too many referrals from your account in the last hour: try again later."
    ),
    ReferralErrorCode.REFERRER_REQUIRED: (
        "Referrals are made by people: this account has no person record."
    ),
    ReferralErrorCode.REFERRER_INACTIVE: (
        "This account's person record is archived or erased: it cannot refer candidates."
    ),
    ReferralErrorCode.TRANSITION_NOT_ALLOWED: (
        "This stage cannot follow the referral's current stage."
    ),
    ReferralErrorCode.EXPIRED: "This referral expired without progress.",
    ReferralErrorCode.OUT_OF_RANGE: "This value is out of range.",
}
