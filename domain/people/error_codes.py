from enum import StrEnum


class PeopleErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    REQUIRED = "required"
    TOO_LONG = "too_long"
    TOO_MANY = "too_many"
    INVALID = "invalid"
    INVALID_EMAIL = "invalid_email"
    INVALID_PHONE = "invalid_phone"
    EMAIL_TAKEN = "email_taken"
    EMPLOYEE_NUMBER_TAKEN = "employee_number_taken"
    DEPARTMENT_NOT_FOUND = "department_not_found"
    DEPARTMENT_NAME_TAKEN = "department_name_taken"
    MANAGER_NOT_FOUND = "manager_not_found"
    LEAVE_BEFORE_HIRE = "leave_before_hire"
    NOT_EMPLOYED = "not_employed"
    NOT_ALUMNUS = "not_alumnus"
    ARCHIVED = "archived"


MESSAGES: dict[PeopleErrorCode, str] = {
    PeopleErrorCode.NOT_FOUND: "No such person in this organization.",
    PeopleErrorCode.REQUIRED: "This field is required.",
    PeopleErrorCode.TOO_LONG: "This value is too long.",
    PeopleErrorCode.TOO_MANY: "Too many values.",
    PeopleErrorCode.INVALID: "This value is not valid.",
    PeopleErrorCode.INVALID_EMAIL: "This is not a valid email address.",
    PeopleErrorCode.INVALID_PHONE: "This is not a valid phone number.",
    PeopleErrorCode.EMAIL_TAKEN: "Another person in this organization has this email address.",
    PeopleErrorCode.EMPLOYEE_NUMBER_TAKEN: "Another person has this employee number.",
    PeopleErrorCode.DEPARTMENT_NOT_FOUND: "No such department in this organization.",
    PeopleErrorCode.DEPARTMENT_NAME_TAKEN: "A department with this name already exists.",
    PeopleErrorCode.MANAGER_NOT_FOUND: "No such manager in this organization.",
    PeopleErrorCode.LEAVE_BEFORE_HIRE: "The leave date is before the hire date.",
    PeopleErrorCode.NOT_EMPLOYED: "This person has no open employment period.",
    PeopleErrorCode.NOT_ALUMNUS: "This person has no alumni profile yet.",
    PeopleErrorCode.ARCHIVED: "This person is archived.",
}
