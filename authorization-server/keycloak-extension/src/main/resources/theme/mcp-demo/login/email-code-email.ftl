<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=false; section>
  <#if section = "header">
    <span id="kc-client-request" class="mcp-demo-request">${clientName} is requesting access</span>
  <#elseif section = "form">
    <p id="kc-email-code-intro">Sign in with your email address. If it belongs to an account, we email you a 6-digit code.</p>
    <#if emailCodeError??>
      <div id="kc-email-code-error" class="mcp-demo-error" data-error="${emailCodeError}" role="alert">${emailCodeErrorMessage}</div>
    </#if>
    <form id="kc-email-form" action="${url.loginAction}" method="post">
      <label for="email">Email address</label>
      <input id="email" name="email" type="email" class="mcp-demo-field" autocomplete="email" autofocus required
             value="${emailCodeEmail!''}"/>
      <div class="mcp-demo-actions">
        <button id="kc-email-submit" name="submitEmail" type="submit" class="${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!}">Send code</button>
      </div>
    </form>
  </#if>
</@layout.registrationLayout>
